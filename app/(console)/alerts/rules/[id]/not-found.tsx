import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";

export default function RuleNotFound() {
  return (
    <EmptyState title="Unknown alert rule">
      <p>
        No rule has this id; it may have been deleted.{" "}
        <Link href="/alerts" className="text-emerald-700 hover:underline dark:text-emerald-400">
          All rules
        </Link>
      </p>
    </EmptyState>
  );
}
