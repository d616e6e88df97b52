import type { Metadata } from "next";
import { DashboardView, type DashboardSearchParams } from "../_dashboard/dashboard-view";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Dashboard" };

/** Flower's path for the same page. */
export default function DashboardAliasPage({ searchParams }: { searchParams: DashboardSearchParams }) {
  return <DashboardView searchParams={searchParams} basePath="/dashboard" />;
}
