/**
 * Canonical forms of the fields discovery tools disagree on: hostnames, IP addresses, operating systems and
 * asset types. Pure functions; each returns undefined for a value it cannot read, so the caller decides
 * whether that rejects the record.
 */

const LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);

/** Lower-cased, trimmed, without a trailing dot; undefined when not a valid DNS name. */
export function normaliseHostname(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const name = value.trim().toLowerCase().replace(/\.$/, "");
  return name.length > 0 && name.length <= 253 && HOSTNAME.test(name) ? name : undefined;
}

/** The first DNS label: "APP01.corp.local" and "app01" name the same machine. */
export function shortName(hostname: string): string {
  return hostname.split(".")[0] ?? hostname;
}

/** Dotted IPv4 without leading zeros, or lower-case IPv6; undefined when neither. */
export function normaliseIp(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    return parts.every((n) => n <= 255) ? parts.join(".") : undefined;
  }
  const v6 = text.toLowerCase();
  if (/^[0-9a-f:.]+$/.test(v6) && v6.includes(":") && v6.split("::").length <= 2 && v6.split(":").length <= 8)
    return v6;
  return undefined;
}

export interface OperatingSystem {
  /** Canonical name, e.g. "Windows Server 2012 R2", "RHEL 8". */
  os: string;
  platform: string;
  /** Out of vendor standard support as of 2025 (a fixed table: the handler reads no clock). */
  eol: boolean;
}

interface OsRule {
  match: RegExp;
  platform: string;
  name: (text: string) => string;
  eol: (text: string) => boolean;
}

const major = (text: string): number | undefined => {
  const found = /(\d+)/.exec(text);
  return found ? Number(found[1]) : undefined;
};
const versioned = (label: string) => (text: string) => {
  const version = major(text);
  return version === undefined ? label : `${label} ${version}`;
};
const olderThan = (limit: number) => (text: string) => {
  const version = major(text);
  return version !== undefined && version < limit;
};

function windowsName(text: string): string {
  const year = /(2003|2008|2012|2016|2019|2022|2025)/.exec(text)?.[1];
  if (year === undefined) return "Windows Server";
  return /r2/.test(text) && (year === "2008" || year === "2012")
    ? `Windows Server ${year} R2`
    : `Windows Server ${year}`;
}

const OS_RULES: OsRule[] = [
  {
    match: /windows|^win/,
    platform: "windows",
    name: windowsName,
    eol: (text) => /2003|2008|2012/.test(text),
  },
  { match: /red ?hat|rhel/, platform: "linux", name: versioned("RHEL"), eol: olderThan(8) },
  { match: /centos/, platform: "linux", name: versioned("CentOS"), eol: () => true },
  {
    match: /ubuntu/,
    platform: "linux",
    name: (text) => {
      const v = /(\d{2})\.(\d{2})/.exec(text);
      return v ? `Ubuntu ${v[1]}.${v[2]}` : "Ubuntu";
    },
    eol: (text) => {
      const v = /(\d{2})\.\d{2}/.exec(text);
      return v !== null && Number(v[1]) < 22;
    },
  },
  { match: /suse|sles/, platform: "linux", name: versioned("SLES"), eol: olderThan(15) },
  { match: /debian/, platform: "linux", name: versioned("Debian"), eol: olderThan(11) },
  { match: /oracle linux|^ol ?\d/, platform: "linux", name: versioned("Oracle Linux"), eol: olderThan(8) },
  { match: /aix/, platform: "unix", name: () => "AIX", eol: () => false },
  { match: /solaris|sunos/, platform: "unix", name: () => "Solaris", eol: () => false },
  { match: /hp-?ux/, platform: "unix", name: () => "HP-UX", eol: () => true },
  { match: /z\/?os/, platform: "mainframe", name: () => "z/OS", eol: () => false },
  { match: /linux/, platform: "linux", name: () => "Linux", eol: () => false },
];

/** The canonical OS, its platform family and end-of-life flag; "unknown" platform when no rule matches. */
export function normaliseOs(value: unknown): OperatingSystem | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const text = value.trim().toLowerCase().replace(/\s+/g, " ");
  const rule = OS_RULES.find((r) => r.match.test(text));
  if (!rule) return { os: value.trim(), platform: "unknown", eol: false };
  return { os: rule.name(text), platform: rule.platform, eol: rule.eol(text) };
}

const TYPE_ALIASES: Record<string, string> = {
  server: "server",
  vm: "server",
  "virtual machine": "server",
  virtual: "server",
  physical: "server",
  host: "server",
  "bare metal": "server",
  database: "database",
  db: "database",
  dbms: "database",
  application: "application",
  app: "application",
  service: "application",
  storage: "storage",
  nas: "storage",
  san: "storage",
  network: "network",
  switch: "network",
  router: "network",
  firewall: "network",
  "load balancer": "load-balancer",
  "load-balancer": "load-balancer",
  lb: "load-balancer",
};

/** The canonical asset type ("VM" -> "server", "DB" -> "database"); "unknown" for anything else. */
export function normaliseType(value: unknown): string | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  return (
    TYPE_ALIASES[
      value
        .trim()
        .toLowerCase()
        .replace(/[_\s]+/g, " ")
    ] ?? "unknown"
  );
}

const COMPLEXITY_ALIASES: Record<string, string> = {
  low: "low",
  simple: "low",
  easy: "low",
  medium: "medium",
  moderate: "medium",
  high: "high",
  complex: "high",
  hard: "high",
};

/** "low" | "medium" | "high" from common spellings; undefined when unreadable. */
export function normaliseComplexity(value: unknown): string | undefined {
  return typeof value === "string" ? COMPLEXITY_ALIASES[value.trim().toLowerCase()] : undefined;
}

/** A finite number from a number or a numeric string ("16", "16 GB"); undefined otherwise. */
export function normaliseNumber(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "string") return undefined;
  const found = /^\s*(-?\d+(?:\.\d+)?)/.exec(value);
  return found ? Number(found[1]) : undefined;
}
