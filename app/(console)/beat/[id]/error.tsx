"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function BeatEntryError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="This periodic task" error={error} reset={reset} />;
}
