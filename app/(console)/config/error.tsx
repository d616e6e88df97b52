"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function ConfigError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The configuration" error={error} reset={reset} />;
}
