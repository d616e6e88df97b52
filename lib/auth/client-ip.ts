/** Set by Bloom's web server (lib/http/forwarded-headers.ts) from the socket and trusted proxies only. */
export const CLIENT_IP_HEADER = "x-bloom-client-ip";

export function clientIpFromHeaders(get: (name: string) => string | undefined | null): string | undefined {
  return get(CLIENT_IP_HEADER) ?? undefined;
}
