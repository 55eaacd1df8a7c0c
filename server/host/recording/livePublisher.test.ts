// The counter's host sends live audio to the hub only while the hub says someone listens.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { decodeLivePacket } from '../../../shared/recording/live.js';
import { LivePublisher } from './livePublisher.js';

class FakeSocket extends EventEmitter {
  readyState = 1;
  bufferedAmount = 0;
  sent: Array<string | Uint8Array> = [];
  send(data: string | Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
    this.emit('close', 1000);
  }
  packets() {
    return this.sent.filter((d) => typeof d !== 'string').map((d) => decodeLivePacket(new Uint8Array(d as Uint8Array))!.seq);
  }
  hubSays(text: string) {
    this.emit('message', Buffer.from(text), false);
  }
}

function publisher() {
  const socket = new FakeSocket();
  const heard: boolean[] = [];
  const p = new LivePublisher({
    onHeard: (h) => heard.push(h),
    hubUrl: () => 'http://127.0.0.1:9',
    token: 't',
    counter: 2,
    stream: { codec: 'opus', sampleRate: 16000, channels: 1, frameMs: 20 },
    createSocket: () => socket as unknown as WebSocket,
  });
  p.start();
  socket.emit('open');
  const packet = (seq: number) => p.send({ counter: 2, seq, at: 0, granule: seq * 960, data: new Uint8Array([1, 2, 3]) });
  return { p, socket, packet, heard };
}

describe('LivePublisher', () => {
  it('says hello, then sends packets only while the hub has listeners for the counter', () => {
    const { p, socket, packet } = publisher();
    expect(JSON.parse(socket.sent[0] as string)).toMatchObject({ type: 'hello', counter: 2 });
    packet(1);
    socket.hubSays('{"type":"listeners","counter":2,"count":0}');
    packet(2);
    socket.hubSays('{"type":"listeners","counter":2,"count":1}');
    packet(3);
    packet(4);
    socket.hubSays('{"type":"listeners","counter":2,"count":0}');
    packet(5);
    expect(socket.packets()).toEqual([3, 4]);
    expect(p.stats).toMatchObject({ sent: 2, unheard: 3 });
    p.stop();
  });

  it('ignores what is not the hub’s word about this counter', () => {
    const { p, socket, packet } = publisher();
    socket.hubSays('{"type":"listeners","counter":3,"count":4}');
    socket.hubSays('not json');
    socket.hubSays('{"type":"listeners","counter":2,"count":-1}');
    socket.emit('message', Buffer.from('{"type":"listeners","counter":2,"count":1}'), true); // binary: not a control frame
    packet(1);
    expect(socket.packets()).toEqual([]);
    expect(p.heard).toBe(false);
    p.stop();
  });

  it('forgets the listeners when the connection drops', () => {
    const { p, socket } = publisher();
    socket.hubSays('{"type":"listeners","counter":2,"count":1}');
    expect(p.heard).toBe(true);
    socket.emit('close', 1006);
    expect(p.heard).toBe(false);
    p.stop();
  });

  it('says when someone starts and stops listening (the recorder starts its live capture then), once per change', () => {
    const { p, socket, heard } = publisher();
    socket.hubSays('{"type":"listeners","counter":2,"count":0}');
    socket.hubSays('{"type":"listeners","counter":2,"count":1}');
    socket.hubSays('{"type":"listeners","counter":2,"count":3}');
    socket.hubSays('{"type":"listeners","counter":2,"count":0}');
    socket.hubSays('{"type":"listeners","counter":2,"count":2}');
    expect(heard).toEqual([true, false, true]);
    socket.emit('close', 1006); // the hub is gone: nobody can be listening
    expect(heard).toEqual([true, false, true, false]);
    p.stop();
    expect(heard).toHaveLength(4);
  });
});
