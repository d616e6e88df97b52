"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function WorkersError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The workers" error={error} reset={reset} />;
}
