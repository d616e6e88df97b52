import type { Metadata } from "next";
import { Suspense } from "react";
import { SettingsTable } from "@/components/config/settings-table";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Panel } from "@/components/ui/panel";
import { PanelSkeleton } from "@/components/ui/skeleton";
import { ConfTable } from "@/components/workers/worker-config";
import { getEffectiveConfig, type EffectiveConfig } from "@/lib/services/effective-config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Config" };

/** Settings change only with a restart; this page is rendered on request and not kept live. */
export default function ConfigPage() {
  const config = getEffectiveConfig();
  config.catch(() => undefined);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Config</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Passwords in URLs and values of secret-looking settings are masked. Source says where each value came from: the command line (cli), the environment (env), a --conf file (conf), or the default.</p>
      </div>
      <Suspense fallback={<PanelSkeleton title="Bloom" lines={8} />}>
        <BloomSettings config={config} />
      </Suspense>
      <Suspense fallback={<PanelSkeleton title="Celery (reported by workers)" lines={8} />}>
        <CeleryConf config={config} />
      </Suspense>
    </div>
  );
}

async function BloomSettings({ config }: { config: Promise<EffectiveConfig> }) {
  const { settings, settingsError } = await config;
  return (
    <Panel title="Bloom">
      {settingsError ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {settingsError}
        </p>
      ) : (
        <SettingsTable settings={settings} />
      )}
    </Panel>
  );
}

async function CeleryConf({ config }: { config: Promise<EffectiveConfig> }) {
  const { celery } = await config;
  return (
    <Panel title="Celery (reported by workers)">
      {celery.length === 0 ? (
        <EmptyState title="No worker has reported its configuration yet">
          <p>Bloom stores each worker&apos;s answer to <code className="font-mono text-xs">inspect conf</code> (the settings that differ from Celery&apos;s defaults).</p>
        </EmptyState>
      ) : (
        <div className="space-y-6">
          {celery.map((group) => (
            <div key={group.hostnames.join(" ")} className="space-y-2">
              <h3 className="text-sm font-medium break-all">
                {group.hostnames.join(", ")}
                {group.inspectedAt !== null ? (
                  <span className="ml-2 text-xs font-normal text-slate-500 dark:text-slate-400">
                    reported <LocalTime at={group.inspectedAt} />
                  </span>
                ) : null}
              </h3>
              <ConfTable conf={group.conf} caption={`Celery configuration of ${group.hostnames.join(", ")}`} />
            </div>
          ))}
        </div>
      )}
    </Panel>
  );
}
