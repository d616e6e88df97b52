"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function WorkerError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="This worker" error={error} reset={reset} />;
}
