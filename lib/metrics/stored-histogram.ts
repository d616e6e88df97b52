import { Histogram, type HistogramConfiguration } from "prom-client";

/** One labelled series of a histogram whose buckets were counted elsewhere (in PostgreSQL). */
export type StoredSeries<L extends string> = {
  labels: Record<L, string>;
  /** counts per bucket, not cumulative: one per bound, then one above the largest bound */
  perBucket: readonly number[];
  sum: number;
  count: number;
};

type HistogramData<L extends string> = Awaited<ReturnType<Histogram<L>["get"]>>;

/**
 * A prom-client Histogram that exposes stored bucket counts instead of observing values. The
 * web process holds no state of its own: every replica renders what the database holds, so
 * they all report the same numbers. prom-client has no API to set bucket counts, so the one
 * method its registry reads (`getForPromString`) is provided here.
 */
export class StoredHistogram<L extends string> extends Histogram<L> {
  private readonly bounds: readonly number[];
  /** an unregistered twin that never observes: the source of the family's name, help and type */
  private readonly template: Histogram<L>;
  private series: readonly StoredSeries<L>[] = [];

  constructor(config: Omit<HistogramConfiguration<L>, "buckets"> & { buckets: readonly number[] }) {
    super({ ...config, buckets: [...config.buckets] });
    this.bounds = config.buckets;
    this.template = new Histogram({ ...config, buckets: [...config.buckets], registers: [] });
  }

  setSeries(series: readonly StoredSeries<L>[]): void {
    this.series = series;
  }

  override async get(): Promise<HistogramData<L>> {
    return this.getForPromString();
  }

  async getForPromString(): Promise<HistogramData<L>> {
    const base = await this.template.get();
    const values: HistogramData<L>["values"] = [];
    for (const series of this.series) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += series.perBucket[i] ?? 0;
        values.push({ metricName: `${base.name}_bucket`, labels: { ...series.labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: `${base.name}_bucket`, labels: { ...series.labels, le: "+Inf" }, value: series.count });
      values.push({ metricName: `${base.name}_sum`, labels: series.labels, value: series.sum });
      values.push({ metricName: `${base.name}_count`, labels: series.labels, value: series.count });
    }
    return { ...base, values };
  }
}
