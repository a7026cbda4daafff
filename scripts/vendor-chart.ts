/**
 * Packages a chart from a local clone of its upstream source with the pinned Helm and records it in
 * charts/charts.lock.json. See docs/charts.md for the procedure.
 *   npm run vendor-chart -- <name> <version> --git-dir <clone/.git> --ref <tag> --path <chart dir> --repository <url>
 *       [--dep <git-dir>#<ref>#<chart dir>#<repository url>]... [--note <text>]...
 *       [--flux-operator-crds <operator git-dir>#<tag>] [--release-record <git-dir>#<commit>]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as os from "node:os";
import * as path from "node:path";
import { HELM_VERSION, ROOT, helmBinary, sha256File } from "../offline/charts/helm";
import { type ChartLock, LOCK_FILE, type LockedSource } from "../components/charts";

interface Source {
    gitDir: string;
    ref: string;
    path: string;
    repository: string;
}

interface Args extends Source {
    name: string;
    version: string;
    deps: Source[];
    notes: string[];
    fluxCrds?: { gitDir: string; ref: string };
    releaseRecord?: { gitDir: string; ref: string };
}

function parseArgs(argv: string[]): Args {
    const [name, version, ...rest] = argv;
    if (!name || !version || name.startsWith("-") || version.startsWith("-"))
        throw new Error(
            "usage: vendor-chart <name> <version> --git-dir <dir> --ref <tag> --path <chart dir> --repository <url> [--dep g#ref#path#url]... [--note text]...",
        );
    const args: Args = { name, version, gitDir: "", ref: "", path: "", repository: "", deps: [], notes: [] };
    for (let i = 0; i < rest.length; i++) {
        const value = rest[++i];
        if (value === undefined) throw new Error(`${rest[i - 1]} needs a value`);
        switch (rest[i - 1]) {
            case "--git-dir":
                args.gitDir = value;
                break;
            case "--ref":
                args.ref = value;
                break;
            case "--path":
                args.path = value;
                break;
            case "--repository":
                args.repository = value;
                break;
            case "--note":
                args.notes.push(value);
                break;
            case "--dep": {
                const [gitDir, ref, p, repository] = value.split("#");
                if (!repository) throw new Error(`--dep ${value}: expected <git-dir>#<ref>#<chart dir>#<repository url>`);
                args.deps.push({ gitDir, ref, path: p, repository });
                break;
            }
            case "--release-record": {
                const [gitDir, ref] = value.split("#");
                args.releaseRecord = { gitDir, ref };
                break;
            }
            case "--flux-operator-crds": {
                const [gitDir, ref] = value.split("#");
                args.fluxCrds = { gitDir, ref };
                break;
            }
            default:
                throw new Error(`unknown argument ${rest[i - 1]}`);
        }
    }
    for (const k of ["gitDir", "ref", "path", "repository"] as const)
        if (!args[k]) throw new Error(`--${k.replace("gitDir", "git-dir")} is required`);
    return args;
}

function git(gitDir: string, ...args: string[]): string {
    return execFileSync("git", ["--git-dir", gitDir, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** Extracts `dir` at `ref` into `dest`, plus whatever its symlinks point to inside the repository (nginx's crds/). */
function exportTree(src: Source, dest: string): void {
    const paths = [src.path];
    for (const line of git(src.gitDir, "ls-tree", "-r", src.ref, "--", src.path).split("\n")) {
        const m = /^120000 blob (\w+)\t(.+)$/.exec(line);
        if (!m) continue;
        const target = git(src.gitDir, "cat-file", "-p", m[1]).trim();
        paths.push(path.posix.normalize(path.posix.join(path.posix.dirname(m[2]), target)));
    }
    const tar = execFileSync("git", ["--git-dir", src.gitDir, "archive", "--format=tar", src.ref, "--", ...paths], {
        maxBuffer: 512 * 1024 * 1024,
    });
    fs.mkdirSync(dest, { recursive: true });
    execFileSync("tar", ["-x", "-C", dest], { input: tar });
}

function locked(src: Source, chartDir: string): LockedSource & { version: string } {
    const chart = yaml.load(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { name: string; version: string };
    return {
        name: chart.name,
        version: String(chart.version),
        repository: src.repository,
        ref: src.ref,
        commit: git(src.gitDir, "rev-parse", `${src.ref}^{commit}`).trim(),
        path: src.path,
    };
}

/**
 * The flux-operator chart's own generator (controlplaneio-fluxcd/charts scripts/flux-operator.sh), done in Node: the
 * operator's config/crd at the tag, with Helm labels and `helm.sh/resource-policy: keep`, into templates/crds.yaml;
 * version and appVersion set from the tag.
 */
function generateFluxOperatorCrds(chartDir: string, operator: { gitDir: string; ref: string }): LockedSource {
    const kustomization = yaml.load(git(operator.gitDir, "show", `${operator.ref}:config/crd/kustomization.yaml`)) as {
        resources: string[];
    };
    const labels = {
        "app.kubernetes.io/instance": "{{ .Release.Name }}",
        "app.kubernetes.io/managed-by": "{{ .Release.Service }}",
        "app.kubernetes.io/name": "{{ .Chart.Name }}",
        "app.kubernetes.io/version": "{{ .Chart.AppVersion }}",
        "helm.sh/chart": '{{ .Chart.Name }}-{{ .Chart.Version | replace "+" "_" }}',
    };
    const docs = kustomization.resources
        .map((r) => {
            const crd = yaml.load(git(operator.gitDir, "show", `${operator.ref}:config/crd/${r}`)) as { metadata: Record<string, any> };
            crd.metadata.labels = { ...crd.metadata.labels, ...labels };
            crd.metadata.annotations = { ...crd.metadata.annotations, "helm.sh/resource-policy": "keep" };
            return crd;
        })
        .sort((a, b) => String(a.metadata.name).localeCompare(String(b.metadata.name))) // kustomize's legacy order: kind, then name
        .map((crd) => yaml.dump(crd, { lineWidth: -1, sortKeys: true, noRefs: true }));
    fs.writeFileSync(path.join(chartDir, "templates", "crds.yaml"), `{{- if and .Values.installCRDs }}\n${docs.join("---\n")}{{- end }}\n`);
    const file = path.join(chartDir, "Chart.yaml");
    const tag = operator.ref;
    const text = fs
        .readFileSync(file, "utf8")
        .replace(/^appVersion:.*$/m, `appVersion: "${tag}"`)
        .replace(/^version:.*$/m, `version: ${tag.replace(/^v/, "")}`);
    fs.writeFileSync(file, text);
    return {
        name: "flux-operator (CRDs, appVersion)",
        repository: "https://github.com/controlplaneio-fluxcd/flux-operator",
        ref: tag,
        commit: git(operator.gitDir, "rev-parse", `${tag}^{commit}`).trim(),
        path: "config/crd",
    };
}

/**
 * Karpenter's release pipeline (hack/release/common.sh in aws/karpenter-provider-aws) packages the chart at the tag
 * after setting Chart.yaml's version and appVersion and the controller image it just pushed (repository, tag, digest)
 * with yq; it then records those values in a "docs: update for patch release" commit on main. This applies that
 * record (the same chart path at `record.ref`) to the tag's tree: version and appVersion, and controller.image when
 * the chart has one. Anything else differing between the two commits is left as the tag has it.
 */
function applyReleaseRecord(chartDir: string, src: Source, record: { gitDir: string; ref: string }): LockedSource {
    const recorded = (file: string) => git(record.gitDir, "show", `${record.ref}:${src.path}/${file}`);
    const chart = yaml.load(recorded("Chart.yaml")) as { version: string; appVersion: string };
    const chartFile = path.join(chartDir, "Chart.yaml");
    fs.writeFileSync(
        chartFile,
        fs
            .readFileSync(chartFile, "utf8")
            .replace(/^version:.*$/m, `version: ${chart.version}`)
            .replace(/^appVersion:.*$/m, `appVersion: ${chart.appVersion}`),
    );
    const valuesFile = path.join(chartDir, "values.yaml");
    let values = fs.readFileSync(valuesFile, "utf8");
    const image = (yaml.load(values) as any)?.controller?.image;
    if (image) {
        const next = (yaml.load(recorded("values.yaml")) as any).controller.image;
        for (const field of ["repository", "tag", "digest"]) {
            const from = `    ${field}: ${image[field]}\n`;
            if (values.split(from).length !== 2) throw new Error(`${valuesFile}: expected one "${from.trim()}"`);
            values = values.replace(from, `    ${field}: ${next[field]}\n`);
        }
        fs.writeFileSync(valuesFile, values);
    }
    return {
        name: `${src.path} release record (version, appVersion${image ? ", controller.image" : ""})`,
        repository: src.repository,
        ref: record.ref,
        commit: git(record.gitDir, "rev-parse", `${record.ref}^{commit}`).trim(),
        path: src.path,
    };
}

function helmPackage(chartDir: string, outDir: string): string {
    const out = execFileSync(helmBinary(), ["package", chartDir, "--destination", outDir], { encoding: "utf8" });
    const m = /saved it to: (.+\.tgz)/.exec(out);
    if (!m) throw new Error(`helm package ${chartDir}: ${out}`);
    return m[1].trim();
}

function main(): void {
    const args = parseArgs(process.argv.slice(2));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "vendor-chart-"));
    try {
        exportTree(args, path.join(work, "src"));
        const chartDir = path.join(work, "src", args.path);
        const generatedFrom = [
            ...(args.fluxCrds ? [generateFluxOperatorCrds(chartDir, args.fluxCrds)] : []),
            ...(args.releaseRecord ? [applyReleaseRecord(chartDir, args, args.releaseRecord)] : []),
        ];
        const source = locked(args, chartDir);
        if (source.version !== args.version)
            throw new Error(`${args.gitDir} ${args.ref}:${args.path}/Chart.yaml has version ${source.version}, not ${args.version}`);
        // Subcharts are packaged from their own source and dropped into charts/, where Helm looks before any repository.
        const subcharts = args.deps.map((dep, i) => {
            const depDir = path.join(work, `dep${i}`);
            exportTree(dep, depDir);
            const entry = locked(dep, path.join(depDir, dep.path));
            fs.mkdirSync(path.join(chartDir, "charts"), { recursive: true });
            helmPackage(path.join(depDir, dep.path), path.join(chartDir, "charts"));
            return entry;
        });
        const outDir = path.join(ROOT, "charts");
        fs.mkdirSync(outDir, { recursive: true });
        const archive = helmPackage(chartDir, outDir);
        const meta = yaml.load(fs.readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")) as { appVersion?: string };
        const lock: ChartLock = fs.existsSync(LOCK_FILE) ? JSON.parse(fs.readFileSync(LOCK_FILE, "utf8")) : { charts: {} };
        const previous = lock.charts[args.name];
        if (previous && previous.archive !== path.relative(ROOT, archive)) fs.rmSync(path.join(ROOT, previous.archive), { force: true });
        lock.helm = HELM_VERSION;
        lock.charts[args.name] = {
            name: args.name,
            version: args.version,
            appVersion: String(meta.appVersion ?? ""),
            archive: path.relative(ROOT, archive),
            sha256: sha256File(archive),
            source: { name: source.name, repository: source.repository, ref: source.ref, commit: source.commit, path: source.path },
            ...(generatedFrom.length > 0 ? { generatedFrom } : {}),
            subcharts,
            notes: args.notes,
        };
        lock.charts = Object.fromEntries(Object.entries(lock.charts).sort(([a], [b]) => a.localeCompare(b)));
        fs.writeFileSync(LOCK_FILE, `${JSON.stringify(lock, null, 2)}\n`);
        console.log(`${path.relative(ROOT, archive)} ${lock.charts[args.name].sha256} (${fs.statSync(archive).size} bytes)`);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main();
