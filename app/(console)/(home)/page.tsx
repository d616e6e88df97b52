import { DashboardView, type DashboardSearchParams } from "../_dashboard/dashboard-view";

export const dynamic = "force-dynamic";

export default function DashboardPage({ searchParams }: { searchParams: DashboardSearchParams }) {
  return <DashboardView searchParams={searchParams} basePath="/" />;
}
