import { PanelSkeleton } from "@/components/ui/skeleton";

export default function Loading() {
  return <PanelSkeleton title="Alert rules" lines={8} />;
}
