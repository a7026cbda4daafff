import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { TOOLBOX_IMAGES, KCAT_IMAGE, HYDRA_IMAGE } from "../components/apps";
import { ADDON_VERSIONS } from "../components/cluster";
import { FLUX_VERSION } from "../components/gitops";
import { CRD_UPGRADE_BUSYBOX_TAG, JAEGER_IMAGE_TAG, SEARCH_SECURITY_IMAGE } from "../components/observability";
import { AMI_ALIAS, KUBECTL_IMAGE } from "../components/capacity";
import { ROOT } from "../offline/engine/stackfile";

const config = JSON.parse(fs.readFileSync(path.join(ROOT, "renovate.json"), "utf8"));
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "charts", "charts.lock.json"), "utf8"));

/** Files a manager's patterns name: exact paths, or `dir/**\/*.ext` globs. */
function filesOf(patterns: string[]): string[] {
    const walk = (dir: string): string[] =>
        fs
            .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
            .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    return patterns.flatMap((p) => {
        const glob = /^([^*]+)\/\*\*\/\*(\.\w+)$/.exec(p);
        if (glob) return walk(glob[1]).filter((f) => f.endsWith(glob[2]));
        assert.ok(!p.includes("*"), `unsupported pattern ${p}`);
        assert.ok(fs.existsSync(path.join(ROOT, p)), `${p} exists`);
        return [p];
    });
}

/** What Renovate's regex manager extracts (strategies "any" and "recursive"), with templates rendered. */
function extract(
    manager: any,
): { depName: string; packageName?: string; currentValue: string; datasource: string; registryUrl?: string }[] {
    const render = (template: string | undefined, groups: Record<string, string>) =>
        template?.replace(/\{\{\{(\w+)\}\}\}/g, (_, k) => groups[k] ?? "");
    const deps: any[] = [];
    for (const file of filesOf(manager.managerFilePatterns)) {
        const text = fs.readFileSync(path.join(ROOT, file), "utf8");
        const walk = (content: string, level: number, groups: Record<string, string>) => {
            for (const m of content.matchAll(new RegExp(manager.matchStrings[level], "g"))) {
                const merged = { ...groups, ...m.groups };
                if (level + 1 < manager.matchStrings.length && manager.matchStringsStrategy === "recursive") walk(m[0], level + 1, merged);
                else
                    deps.push({
                        depName: render(manager.depNameTemplate, merged) ?? merged.depName,
                        packageName: render(manager.packageNameTemplate, merged),
                        currentValue: merged.currentValue,
                        datasource: render(manager.datasourceTemplate, merged),
                        registryUrl: render(manager.registryUrlTemplate, merged),
                    });
            }
        };
        walk(text, 0, {});
    }
    return deps;
}

const managers: any[] = config.customManagers;
const byDescription = (prefix: string) => managers.filter((m) => m.description.startsWith(prefix));
const splitImage = (image: string) => {
    const i = image.lastIndexOf(":");
    return { depName: image.slice(0, i), currentValue: image.slice(i + 1) };
};

describe("Renovate: every pin the program keeps in code is a dependency", () => {
    it("covers npm and GitHub Actions (config:recommended) and names a datasource for every custom manager", () => {
        assert.deepStrictEqual(config.extends, ["config:recommended"]);
        assert.strictEqual(config.enabledManagers, undefined, "every built-in manager stays on (npm, github-actions...)");
        for (const m of managers) {
            assert.strictEqual(m.customType, "regex");
            assert.match(m.datasourceTemplate, /^(helm|docker|aws-eks-addon|github-releases)$/, m.description);
            assert.ok(
                m.depNameTemplate || m.matchStrings.some((s: string) => s.includes("(?<depName>")),
                `${m.description}: a dependency name`,
            );
            assert.ok(
                m.matchStrings.some((s: string) => s.includes("(?<currentValue>")),
                m.description,
            );
        }
    });

    it("finds every vendored chart at its locked version, with its Helm repository or OCI registry", () => {
        const found = byDescription("Vendored chart").flatMap(extract);
        const expected = Object.values<any>(lock.charts).map((c) => ({ depName: c.name, currentValue: c.version }));
        assert.deepStrictEqual(
            found.map((d) => ({ depName: d.depName, currentValue: d.currentValue })).sort((a, b) => a.depName.localeCompare(b.depName)),
            expected.sort((a, b) => a.depName.localeCompare(b.depName)),
        );
        for (const d of found) {
            if (d.datasource === "helm") assert.match(d.registryUrl!, /^https:\/\//, d.depName);
            else
                assert.match(
                    d.packageName!,
                    new RegExp(`^(ghcr\\.io/controlplaneio-fluxcd/charts|public\\.ecr\\.aws/karpenter)/${d.depName}$`),
                    d.depName,
                );
        }
    });

    it("finds every EKS add-on version of every Kubernetes minor, asking for that minor", () => {
        const found = byDescription("EKS add-on").flatMap(extract);
        const names: Record<string, string> = {
            vpcCni: "vpc-cni",
            kubeProxy: "kube-proxy",
            coredns: "coredns",
            podIdentityAgent: "eks-pod-identity-agent",
            ebsCsiDriver: "aws-ebs-csi-driver",
            cloudwatchObservability: "amazon-cloudwatch-observability",
        };
        const expected = Object.entries(ADDON_VERSIONS).flatMap(([minor, versions]) =>
            Object.entries(versions).map(([key, version]) => ({
                depName: names[key],
                packageName: JSON.stringify({ kubernetesVersion: minor, addonName: names[key] }),
                currentValue: version,
            })),
        );
        const key = (d: any) => `${d.packageName}`;
        assert.deepStrictEqual(
            found
                .map((d) => ({ depName: d.depName, packageName: d.packageName, currentValue: d.currentValue }))
                .sort((a, b) => key(a).localeCompare(key(b))),
            expected.sort((a, b) => key(a).localeCompare(key(b))),
        );
        assert.strictEqual(found.length, Object.keys(ADDON_VERSIONS).length * 6);
    });

    it("finds FLUX_VERSION as a fluxcd/flux2 release", () => {
        assert.deepStrictEqual(
            byDescription("Flux distribution")
                .flatMap(extract)
                .map((d) => [d.depName, d.currentValue, d.datasource]),
            [["fluxcd/flux2", FLUX_VERSION, "github-releases"]],
        );
    });

    it("finds Karpenter's node AMI as an amazon-eks-ami release", () => {
        assert.deepStrictEqual(
            byDescription("Karpenter's node AMI")
                .flatMap(extract)
                .map((d) => [d.depName, d.currentValue, d.datasource]),
            [["awslabs/amazon-eks-ami", AMI_ALIAS.split("@")[1], "github-releases"]],
        );
    });

    it("finds every container image pinned in code, and nothing that is not one", () => {
        const found = [...byDescription("Container images").flatMap(extract), ...byDescription("Image tag").flatMap(extract)].map((d) => ({
            depName: d.depName,
            currentValue: d.currentValue,
            datasource: d.datasource,
        }));
        const expected = [HYDRA_IMAGE, TOOLBOX_IMAGES.shell, TOOLBOX_IMAGES.psql, KCAT_IMAGE, SEARCH_SECURITY_IMAGE, KUBECTL_IMAGE]
            .map(splitImage)
            .concat([
                { depName: "jaegertracing/jaeger", currentValue: JAEGER_IMAGE_TAG },
                { depName: "busybox", currentValue: CRD_UPGRADE_BUSYBOX_TAG },
            ])
            .map((d) => ({ ...d, datasource: "docker" }));
        const sort = (xs: any[]) =>
            [...xs].sort((a, b) => `${a.depName}:${a.currentValue}`.localeCompare(`${b.depName}:${b.currentValue}`));
        assert.deepStrictEqual(sort(found), sort(expected));
    });

    it("says on a chart bump that the archive must be re-vendored, and groups what moves together", () => {
        const rule = config.packageRules.find((r: any) => r.matchFileNames?.includes("charts/charts.lock.json"));
        assert.ok(rule.prBodyNotes.join(" ").includes("npm run vendor-chart"));
        assert.ok(
            config.packageRules.some(
                (r: any) => r.groupName === "flux" && r.matchDepNames.includes("fluxcd/flux2") && r.matchDepNames.includes("flux-operator"),
            ),
        );
    });
});
