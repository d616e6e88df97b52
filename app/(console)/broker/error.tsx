"use client";

import { SegmentError } from "@/components/ui/segment-error";

export default function BrokerError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <SegmentError title="The broker page" error={error} reset={reset} />;
}
