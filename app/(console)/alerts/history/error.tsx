"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function AlertsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The alerts" error={error} reset={reset} />;
}
