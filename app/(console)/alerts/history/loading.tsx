import { PanelSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PanelSkeleton title="Alert history" lines={8} />;
}
