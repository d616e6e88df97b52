import { BlockList, isIP } from "node:net";
import type { IncomingHttpHeaders } from "node:http";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";

/**
 * Which X-Forwarded-* headers to believe. Only a request whose socket peer is a trusted
 * proxy (BLOOM_TRUSTED_PROXIES: addresses or CIDRs; loopback by default, for an nginx on the
 * same host) may speak for the client; from anyone else the forwarded headers are dropped,
 * so a client cannot pick its own address to dodge the per-address sign-in limit or claim
 * https. The client address is the right-most X-Forwarded-For entry that is not itself a
 * trusted proxy, as each proxy appends the peer it saw.
 */
export type TrustedProxies = { has(address: string): boolean; describe: string };

export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const list = new BlockList();
  const entries = (value ?? "loopback").split(/[,\s]+/).filter((entry) => entry !== "");
  for (const entry of entries) {
    if (entry === "loopback") {
      list.addSubnet("127.0.0.0", 8, "ipv4");
      list.addAddress("::1", "ipv6");
      continue;
    }
    if (entry === "none") continue;
    const [address = "", bits] = entry.split("/");
    const family = isIP(address);
    if (family === 0) throw new Error(`"${entry}" is not an IP address or CIDR`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (bits === undefined) list.addAddress(address, type);
    else {
      const prefix = Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) throw new Error(`"${entry}" has a bad prefix length`);
      list.addSubnet(address, prefix, type);
    }
  }
  return {
    describe: entries.join(", "),
    has(address) {
      const plain = stripMappedPrefix(address);
      const family = isIP(plain);
      return family !== 0 && list.check(plain, family === 4 ? "ipv4" : "ipv6");
    },
  };
}

/** ::ffff:127.0.0.1 is how a dual-stack socket shows an IPv4 peer. */
function stripMappedPrefix(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

const FORWARDED = ["x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded", "x-real-ip"] as const;

/** Rewrites the request's headers in place: trusted forwarded headers stay, others go, and the client address is set. */
export function applyForwardedHeaders(headers: IncomingHttpHeaders, peer: string | undefined, trusted: TrustedProxies): void {
  const peerAddress = stripMappedPrefix(peer ?? "");
  delete headers[CLIENT_IP_HEADER];
  if (!peerAddress || !trusted.has(peerAddress)) {
    for (const name of FORWARDED) delete headers[name];
    if (peerAddress) headers[CLIENT_IP_HEADER] = peerAddress;
    return;
  }
  const chain = String(headers["x-forwarded-for"] ?? "")
    .split(",")
    .map((part) => stripMappedPrefix(part.trim()))
    .filter((part) => part !== "");
  let client = peerAddress;
  for (let index = chain.length - 1; index >= 0; index -= 1) {
    const hop = chain[index] as string;
    if (isIP(hop) === 0) break;
    client = hop;
    if (!trusted.has(hop)) break;
  }
  headers[CLIENT_IP_HEADER] = client;
}
