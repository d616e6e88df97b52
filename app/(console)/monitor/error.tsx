"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function MonitorError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The monitor" error={error} reset={reset} />;
}
