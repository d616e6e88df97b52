/**
 * Celery's `solar` schedule: a task at sunrise, sunset, dawn, dusk or solar noon for a place.
 * Celery asks PyEphem; Bloom computes the same events with NOAA's solar equations
 * (declination and equation of time, refined at the event), within about a minute of PyEphem
 * for latitudes where the sun rises and sets.
 */

export const SOLAR_EVENTS = [
  "dawn_astronomical",
  "dawn_nautical",
  "dawn_civil",
  "sunrise",
  "solar_noon",
  "sunset",
  "dusk_civil",
  "dusk_nautical",
  "dusk_astronomical",
] as const;

export type SolarEvent = (typeof SOLAR_EVENTS)[number];

export type SolarSchedule = { kind: "solar"; event: SolarEvent; latitude: number; longitude: number };

export function isSolarEvent(value: string): value is SolarEvent {
  return (SOLAR_EVENTS as readonly string[]).includes(value);
}

/**
 * Altitude of the sun's centre at the event, degrees. Celery sets PyEphem's horizon to
 * -0:34 for sunrise/sunset measured at the upper limb (so the centre is 16' lower) and to
 * -6/-12/-18 at the centre for twilight; pressure 0 turns refraction off.
 * celery: Celery 5.2 has +18 for dusk_astronomical (a bug fixed later); Bloom uses -18.
 */
const ALTITUDE: Record<Exclude<SolarEvent, "solar_noon">, number> = {
  dawn_astronomical: -18,
  dawn_nautical: -12,
  dawn_civil: -6,
  sunrise: -(34 + 16) / 60,
  sunset: -(34 + 16) / 60,
  dusk_civil: -6,
  dusk_nautical: -12,
  dusk_astronomical: -18,
};

const RISING = new Set<SolarEvent>(["dawn_astronomical", "dawn_nautical", "dawn_civil", "sunrise"]);

const rad = (deg: number) => (deg * Math.PI) / 180;
const deg = (r: number) => (r * 180) / Math.PI;
const DAY_MS = 86_400_000;

/** Sun declination (degrees) and equation of time (minutes) at an instant. */
function sunAt(instantMs: number): { declination: number; equationOfTime: number } {
  const julianDay = instantMs / DAY_MS + 2440587.5;
  const t = (julianDay - 2451545) / 36525;
  const meanLongitude = (280.46646 + t * (36000.76983 + t * 0.0003032)) % 360;
  const meanAnomaly = 357.52911 + t * (35999.05029 - 0.0001537 * t);
  const eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
  const center =
    Math.sin(rad(meanAnomaly)) * (1.914602 - t * (0.004817 + 0.000014 * t)) +
    Math.sin(rad(2 * meanAnomaly)) * (0.019993 - 0.000101 * t) +
    Math.sin(rad(3 * meanAnomaly)) * 0.000289;
  const omega = 125.04 - 1934.136 * t;
  const apparentLongitude = meanLongitude + center - 0.00569 - 0.00478 * Math.sin(rad(omega));
  const meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
  const obliquity = meanObliquity + 0.00256 * Math.cos(rad(omega));
  const declination = deg(Math.asin(Math.sin(rad(obliquity)) * Math.sin(rad(apparentLongitude))));
  const y = Math.tan(rad(obliquity / 2)) ** 2;
  const l0 = rad(meanLongitude);
  const m = rad(meanAnomaly);
  const equationOfTime =
    4 *
    deg(
      y * Math.sin(2 * l0) -
        2 * eccentricity * Math.sin(m) +
        4 * eccentricity * y * Math.sin(m) * Math.cos(2 * l0) -
        0.5 * y * y * Math.sin(4 * l0) -
        1.25 * eccentricity * eccentricity * Math.sin(2 * m),
    );
  return { declination, equationOfTime };
}

/** The event on the solar day around UTC day `dayIndex` (days since the epoch), or null if the sun never reaches that altitude. */
function eventOnDay(schedule: SolarSchedule, dayIndex: number): number | null {
  const dayStart = dayIndex * DAY_MS;
  let estimate = dayStart + (720 - 4 * schedule.longitude) * 60_000;
  // Three refinements: declination and equation of time at the estimate itself.
  for (let i = 0; i < 3; i++) {
    const { declination, equationOfTime } = sunAt(estimate);
    const noon = dayStart + (720 - 4 * schedule.longitude - equationOfTime) * 60_000;
    if (schedule.event === "solar_noon") {
      estimate = noon;
      continue;
    }
    const altitude = ALTITUDE[schedule.event];
    const lat = rad(schedule.latitude);
    const dec = rad(declination);
    const cosHourAngle = (Math.sin(rad(altitude)) - Math.sin(lat) * Math.sin(dec)) / (Math.cos(lat) * Math.cos(dec));
    if (cosHourAngle < -1 || cosHourAngle > 1) return null;
    const hourAngleMinutes = 4 * deg(Math.acos(cosHourAngle));
    estimate = noon + (RISING.has(schedule.event) ? -hourAngleMinutes : hourAngleMinutes) * 60_000;
  }
  return Math.round(estimate);
}

/** The first event strictly after `afterMs`, or null if none within a year (polar day or night). */
export function nextSolarRun(schedule: SolarSchedule, afterMs: number): number | null {
  const firstDay = Math.floor(afterMs / DAY_MS) - 1;
  for (let day = firstDay; day < firstDay + 370; day++) {
    const at = eventOnDay(schedule, day);
    if (at !== null && at > afterMs) return at;
  }
  return null;
}
