"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function BeatError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The beat schedule" error={error} reset={reset} />;
}
