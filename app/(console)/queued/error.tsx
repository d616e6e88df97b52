"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function QueuedError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="Queued work" error={error} reset={reset} />;
}
