import { describe, expect, it } from 'vitest';
import { createPublisher, startRequest, takeReply } from './publisher';

describe('an RPC client pairs replies with its requests (tutorial six)', () => {
  it('gives each request a correlation id unique to the client, and matches each reply once', () => {
    const client = createPublisher('client', { name: 'replies' });
    const first = startRequest(client, 100);
    const second = startRequest(client, 150);
    expect([first, second]).toEqual(['client-1', 'client-2']);
    // Out of order: the second is answered first.
    expect(takeReply(client, second, 180)).toBe(30);
    expect(takeReply(client, first, 400)).toBe(300);
    expect(client).toMatchObject({ requests: 2, replies: 2, discarded: 0 });
    expect(client.awaiting.size).toBe(0);
    expect(client.roundTrip.count()).toBe(2);
    expect(client.roundTripSumMs).toBe(330);
  });

  it('discards a duplicate reply, another client’s reply and a reply without an id', () => {
    const client = createPublisher('a', { name: 'replies' });
    const id = startRequest(client, 0);
    expect(takeReply(client, id, 10)).toBe(10);
    expect(takeReply(client, id, 20)).toBeNull(); // already answered
    expect(takeReply(client, 'b-1', 30)).toBeNull(); // not its request
    expect(takeReply(client, undefined, 40)).toBeNull();
    expect(client).toMatchObject({ replies: 1, discarded: 3 });
  });
});
