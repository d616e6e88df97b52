import { Skeleton } from "@/components/ui/skeleton";

export default function TaskLoading() {
  return (
    <div className="space-y-4">
      <p className="sr-only" role="status">
        Loading task…
      </p>
      <Skeleton className="h-8 w-2/3" />
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} className="h-40 w-full" />
      ))}
    </div>
  );
}
