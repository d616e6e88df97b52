import { loadHealthThresholds } from "./health-thresholds";
import { loadSettings, type Settings } from "./settings";

/**
 * The process settings and the dashboard thresholds, validated once before anything
 * starts. Throws the first ConfigError, which start-up prints as one line: a typo in
 * BLOOM_HEALTH_* must stop Bloom, not surface later as a broken dashboard. (Sign-in
 * settings are validated by the start command with the auth mode it derives.)
 */
export function validateStartupSettings(env: Readonly<Record<string, string | undefined>> = process.env): Settings {
  const settings = loadSettings(env);
  loadHealthThresholds(env);
  return settings;
}
