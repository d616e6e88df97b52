import { PanelSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PanelSkeleton title="Alert rule" lines={8} />;
}
