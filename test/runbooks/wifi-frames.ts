/**
 * Hand-built capture files for testing capture filters with the real tcpdump: 802.11 frames
 * behind a radiotap header (what a monitor-mode interface delivers) and Ethernet frames (what a
 * card in managed mode delivers), each labelled so a test can say which ones a filter keeps.
 */
import { writeFileSync } from 'node:fs';

/** libpcap link types. */
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_IEEE802_11_RADIOTAP = 127;

/** One frame of a test capture and the name a test refers to it by. */
export interface TestFrame {
  name: string;
  bytes: Buffer;
}

function mac(text: string): Buffer {
  return Buffer.from(text.split(':').map((h) => parseInt(h, 16)));
}

function ipv4Address(text: string): Buffer {
  return Buffer.from(text.split('.').map(Number));
}

/** A UDP datagram in an IPv4 packet (checksums left at zero: tcpdump does not need them). */
function udpPacket(source: string, destination: string): Buffer {
  const payload = Buffer.from('runlog');
  const udp = Buffer.alloc(8);
  udp.writeUInt16BE(1234, 0);
  udp.writeUInt16BE(5678, 2);
  udp.writeUInt16BE(8 + payload.length, 4);
  const ip = Buffer.alloc(20);
  ip.writeUInt8(0x45, 0);
  ip.writeUInt16BE(20 + udp.length + payload.length, 2);
  ip.writeUInt8(64, 8);
  ip.writeUInt8(17, 9);
  ipv4Address(source).copy(ip, 12);
  ipv4Address(destination).copy(ip, 16);
  return Buffer.concat([ip, udp, payload]);
}

/** 802.11 frame control bytes: type/subtype in the first, flags (To DS) in the second. */
const FC = {
  probeRequest: 0x40,
  probeResponse: 0x50,
  beacon: 0x80,
  psPoll: 0xa4,
  rts: 0xb4,
  cts: 0xc4,
  ack: 0xd4,
  data: 0x08,
};

function management(type: number, a1: string, a2: string, a3: string): Buffer {
  return Buffer.concat([
    Buffer.from([type, 0, 0, 0]),
    mac(a1),
    mac(a2),
    mac(a3),
    Buffer.alloc(2 + 12),
  ]);
}

/** An 802.11 data frame to the access point carrying IPv4 in LLC/SNAP. */
function wlanData(transmitter: string, ap: string, source: string, destination: string): Buffer {
  const snap = Buffer.from([0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00]);
  return Buffer.concat([
    Buffer.from([FC.data, 0x01, 0, 0]),
    mac(ap),
    mac(transmitter),
    mac('02:00:00:00:00:99'),
    Buffer.alloc(2),
    snap,
    udpPacket(source, destination),
  ]);
}

/** The frames of a monitor-mode capture around a host with `hostMac` and `hostIp`. */
export function wifiFrames(hostMac: string, hostIp: string): TestFrame[] {
  const ap = '02:00:00:00:00:01';
  const other = '02:00:00:00:00:77';
  const all = 'ff:ff:ff:ff:ff:ff';
  const control = (type: number, ...addresses: string[]) =>
    Buffer.concat([Buffer.from([type, 0, 0, 0]), ...addresses.map(mac)]);
  return [
    { name: 'beacon', bytes: management(FC.beacon, all, ap, ap) },
    { name: 'probe request', bytes: management(FC.probeRequest, all, other, all) },
    { name: 'probe response', bytes: management(FC.probeResponse, other, ap, ap) },
    { name: 'ps-poll', bytes: control(FC.psPoll, ap, other) },
    { name: 'cts', bytes: control(FC.cts, other) },
    { name: 'ack', bytes: control(FC.ack, other) },
    { name: 'rts', bytes: control(FC.rts, ap, other) },
    { name: 'data from the host', bytes: wlanData(hostMac, ap, '198.51.100.9', '198.51.100.1') },
    { name: 'data to the host address', bytes: wlanData(other, ap, '198.51.100.1', hostIp) },
    { name: 'data between others', bytes: wlanData(other, ap, '198.51.100.1', '198.51.100.2') },
  ];
}

/** The frames a card in managed mode would hand over: Ethernet II with IPv4. */
export function ethernetFrames(hostMac: string, hostIp: string): TestFrame[] {
  const other = '02:00:00:00:00:77';
  const frame = (from: string, to: string, source: string, destination: string) =>
    Buffer.concat([mac(to), mac(from), Buffer.from([0x08, 0x00]), udpPacket(source, destination)]);
  return [
    { name: 'from the host', bytes: frame(hostMac, other, hostIp, '198.51.100.1') },
    {
      name: 'to the host address',
      bytes: frame(other, '02:00:00:00:00:88', '198.51.100.1', hostIp),
    },
    {
      name: 'between others',
      bytes: frame(other, '02:00:00:00:00:88', '198.51.100.1', '198.51.100.2'),
    },
  ];
}

/** Writes a classic pcap file; 802.11 frames get a minimal radiotap header. */
export function writePcap(file: string, frames: TestFrame[], radiotap: boolean): void {
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(65535, 16);
  header.writeUInt32LE(radiotap ? LINKTYPE_IEEE802_11_RADIOTAP : LINKTYPE_ETHERNET, 20);
  const records = frames.map((frame, i) => {
    const body = radiotap
      ? Buffer.concat([Buffer.from([0, 0, 8, 0, 0, 0, 0, 0]), frame.bytes])
      : frame.bytes;
    const record = Buffer.alloc(16);
    record.writeUInt32LE(1_700_000_000 + i, 0);
    record.writeUInt32LE(body.length, 8);
    record.writeUInt32LE(body.length, 12);
    return Buffer.concat([record, body]);
  });
  writeFileSync(file, Buffer.concat([header, ...records]));
}
