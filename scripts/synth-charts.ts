import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as path from "node:path";
import type { K8sObject } from "../offline/charts/helm";
import { type RenderedRelease, renderReleases } from "../offline/charts/render";
import type { Registry } from "../offline/engine/registry";

function fileName(index: number, o: K8sObject): string {
    const safe = `${o.kind}-${o.metadata?.name ?? "unnamed"}`.toLowerCase().replace(/[^a-z0-9.-]+/g, "-");
    return `${String(index).padStart(3, "0")}-${safe}.yaml`;
}

/**
 * Writes what each Helm release installs, as `helm template` renders it from the vendored chart with the program's
 * values: <dir>/charts/<release>/NNN-<kind>-<name>.yaml, and its CRDs under crds/.
 */
export function writeChartOutputs(dir: string, registry: Registry): RenderedRelease[] {
    const releases = renderReleases(registry);
    for (const r of releases) {
        const out = path.join(dir, "charts", r.release);
        fs.mkdirSync(out, { recursive: true });
        if (r.crds.length > 0) fs.mkdirSync(path.join(out, "crds"), { recursive: true });
        r.objects.forEach((o, i) => {
            fs.writeFileSync(path.join(out, fileName(i + 1, o)), yaml.dump(o, { noRefs: true, lineWidth: 140 }));
        });
        r.crds.forEach((o, i) => {
            fs.writeFileSync(path.join(out, "crds", fileName(i + 1, o)), yaml.dump(o, { noRefs: true, lineWidth: 140 }));
        });
    }
    return releases;
}
