/**
 * Renders what every Helm release of a program run installs, from the registry the mock harness records: each
 * `kubernetes:helm.sh/v3:Release` with the chart, name, namespace and values the program gave it.
 */
import { helmTemplate, type K8sObject } from "./helm";

export const RELEASE_TYPE = "kubernetes:helm.sh/v3:Release";

/** What one release installs; the shape the validation checks take. */
export interface RenderedRelease {
    /** Helm release name. */
    release: string;
    namespace: string;
    /** Chart path as the Release declares it (a vendored archive). */
    chart: string;
    version: string;
    /** Pulumi resource name of the Release. */
    resource: string;
    /** Every object but CRDs, in Helm's order. */
    objects: K8sObject[];
    /** The CRDs the release installs: templated ones, and its crds/ folder unless the Release sets skipCrds. */
    crds: K8sObject[];
}

/** The part of a harness registry this module reads (offline/engine/registry.ts `Registry`). */
export interface ReleaseSource {
    ofType(type: string): { name: string; inputs: Record<string, any> }[];
}

/** Renders every release in `registry`, each (chart, values, name, namespace) once per process. */
export function renderReleases(registry: ReleaseSource): RenderedRelease[] {
    return registry.ofType(RELEASE_TYPE).map((r) => {
        const { name, chart, version, namespace, values } = r.inputs;
        if (typeof name !== "string" || typeof chart !== "string" || typeof namespace !== "string") {
            throw new Error(
                `${r.name}: a Release needs name, chart and namespace to render (got ${JSON.stringify({ name, chart, namespace })})`,
            );
        }
        // skipCrds leaves out the crds/ folder, as Helm does on install; CRDs in templates/ are installed regardless.
        const rendered = helmTemplate({ name, namespace, chart, values: values ?? {}, includeCrds: r.inputs.skipCrds !== true });
        return {
            release: name,
            namespace,
            chart,
            version: String(version ?? ""),
            resource: r.name,
            objects: rendered.objects,
            crds: rendered.crds,
        };
    });
}
