/**
 * The charts the program deploys, from the archives vendored in charts/ and recorded in charts/charts.lock.json
 * (how to bump one: docs/charts.md). A pin lives in the lock only; components take chart path and version from here.
 */
import * as path from "node:path";
import lockFile from "../charts/charts.lock.json";

/** Where an archive (or a subchart in it) was built from. */
export interface LockedSource {
    name: string;
    /** Upstream Git repository. */
    repository: string;
    /** Tag (or branch commit) the chart was packaged from. */
    ref: string;
    commit: string;
    /** Chart directory in the repository. */
    path: string;
    version?: string;
}

export interface LockedChart {
    name: string;
    version: string;
    appVersion: string;
    /** Archive path relative to the project root. */
    archive: string;
    sha256: string;
    source: LockedSource;
    /** Inputs of a chart generator upstream runs before packaging (flux-operator's CRDs). */
    generatedFrom?: LockedSource[];
    subcharts: LockedSource[];
    /** What could not be verified against upstream source, and what was done instead. */
    notes: string[];
}

export interface ChartLock {
    /** Helm version that packaged the archives. */
    helm: string;
    charts: Record<string, LockedChart>;
}

export const LOCK_FILE = path.join(__dirname, "..", "charts", "charts.lock.json");

export const CHART_LOCK: ChartLock = lockFile as ChartLock;

/** What a `helm.v3.Release` needs to deploy a vendored chart: `chart` (a local archive) and `version`. */
export interface VendoredChart {
    /**
     * The archive, relative to the project root and starting with "./". pulumi-kubernetes' Release resolves a local
     * chart with os.Stat on the path as given (provider/pkg/provider/helm_release.go, localChart/locateChart; local
     * charts in Release since pulumi/pulumi-kubernetes#1809), and Pulumi starts the provider in the project directory,
     * where Pulumi.yaml is. The string is stored in state as given, so an absolute path would show a diff on every
     * other machine (pulumi/pulumi-kubernetes#2251). The leading "./" makes a missing archive fail as
     * `path "./charts/..." not found` instead of being looked up as a repository chart.
     */
    chart: string;
    /** The pinned chart version; the provider replaces it with the archive's Chart.yaml version on check. */
    version: string;
}

/** The vendored archive of `name`; throws if the lock has no such chart. */
export function vendoredChart(name: string): VendoredChart {
    const entry = CHART_LOCK.charts[name];
    if (!entry) {
        throw new Error(
            `chart "${name}" is not vendored: charts/charts.lock.json has ${Object.keys(CHART_LOCK.charts).join(", ") || "no charts"}. ` +
                `Vendor it with \`npm run vendor-chart\` (docs/charts.md).`,
        );
    }
    return { chart: `./${entry.archive}`, version: entry.version };
}
