"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function TaskError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The task" error={error} reset={reset} />;
}
