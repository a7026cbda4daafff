import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyResource as AnalyzerResource, unknownCheckingProxy, validateResourceOfType } from "@pulumi/policy";
import { toPolicyResource as fromAnalyzer } from "../policy/analyzer";
import { edgeRules } from "../policy/rules/edge";
import { networkRules } from "../policy/rules/network";
import { runRules } from "../policy/run";
import type { ResourceClass } from "../policy/types";
import { isOfClass, stackView } from "../policy/view";
import { res, toPolicyResource as fromHarness } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";

const openSsh = { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] };

describe("policy view: typed accessors by resource class (policy/view.ts)", () => {
    it("matches a class by the token @pulumi/policy attaches for it, and nothing else", () => {
        const classes: ResourceClass[] = [
            aws.ec2.SecurityGroup,
            aws.lb.LoadBalancer,
            aws.alb.LoadBalancer,
            k8s.apps.v1.Deployment,
            k8s.helm.v4.Chart,
        ];
        for (const cls of classes) {
            // validateResourceOfType records the class's token on the function: what the analyzer filters on.
            const token = (validateResourceOfType(cls, () => undefined) as { __pulumiType?: string }).__pulumiType;
            assert.ok(token, cls.name);
            assert.ok(isOfClass(token, cls), token);
            for (const other of classes.filter((c) => c !== cls)) assert.ok(!isOfClass(token, other), `${token} is not a ${other.name}`);
        }
        // A provider class carries its package name ("aws") where @pulumi/policy looks for a token, so its fast path
        // would miss "pulumi:providers:aws"; the SDK's isInstance knows the provider's real token.
        assert.strictEqual((validateResourceOfType(aws.Provider, () => undefined) as { __pulumiType?: string }).__pulumiType, "aws");
        assert.ok(isOfClass("pulumi:providers:aws", aws.Provider));
        assert.ok(!isOfClass("aws", aws.Provider));
        // Neither a prefix nor an extension of the token is the class.
        assert.ok(!isOfClass("aws:ec2/securityGroup:SecurityGroupX", aws.ec2.SecurityGroup));
        assert.ok(!isOfClass("aws:ec2/securityGroup", aws.ec2.SecurityGroup));
    });

    it("does not hand a rule a resource of another class, even with the props it looks for", () => {
        // A default security group has the same ingress shape as a security group; N4 reads aws.ec2.SecurityGroup only.
        const lookalike = res(
            "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
            "default",
            { vpcId: "vpc-1", ingress: [openSsh] },
            { id: "sg-d" },
        );
        const real = res("aws:ec2/securityGroup:SecurityGroup", "sg", { vpcId: "vpc-1", ingress: [openSsh] }, { id: "sg-1" });
        const view = stackView([lookalike, real], "prod");
        assert.deepStrictEqual(
            view.ofClass(aws.ec2.SecurityGroup).map((r) => r.name),
            ["sg"],
        );
        assert.deepStrictEqual(
            view.ofClass(aws.ec2.DefaultSecurityGroup).map((r) => r.name),
            ["default"],
        );
        assert.strictEqual(view.byId("sg-d")?.name, "default");
        assert.strictEqual(view.byId("sg-d", aws.ec2.SecurityGroup), undefined);
        assert.strictEqual(view.byId("sg-1", aws.ec2.SecurityGroup)?.name, "sg");
        const n4 = networkRules.filter((r) => r.id === "N4");
        assert.deepStrictEqual(runRules([lookalike], { rules: n4, tier: "prod" })[0].violations, []);
        assert.deepStrictEqual(
            runRules([real], { rules: n4, tier: "prod" })[0].violations.map((v) => v.urn),
            ["aws:ec2/securityGroup:SecurityGroup::sg"],
        );
        // aws.lb and aws.alb are two classes of one API: a rule naming both sees both, a class alone sees its own.
        const albs = [res("aws:alb/loadBalancer:LoadBalancer", "old", {}), res("aws:lb/loadBalancer:LoadBalancer", "new", {})];
        assert.deepStrictEqual(
            stackView(albs, "dev")
                .ofClass(aws.lb.LoadBalancer)
                .map((r) => r.name),
            ["new"],
        );
        const a3 = edgeRules.filter((r) => r.id === "A3");
        assert.strictEqual(runRules(albs, { rules: a3, tier: "dev" })[0].violations.length, 4);
    });

    describe("the analyzer and the harness give one typed view", () => {
        let reg: Registry;
        before(async () => {
            reg = await runComponent(() => {
                const parent = new pulumi.ComponentResource("platform:test:Edge", "edge");
                new aws.ec2.SecurityGroup(
                    "edge-alb",
                    {
                        vpcId: "vpc-1",
                        ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }],
                        tags: { role: "alb" },
                    },
                    { parent, protect: true },
                );
                const provider = new k8s.Provider("edge-k8s", {});
                new k8s.apps.v1.Deployment(
                    "edge-web",
                    {
                        metadata: { name: "web", namespace: "edge" },
                        spec: {
                            selector: { matchLabels: { app: "web" } },
                            template: {
                                metadata: { labels: { app: "web" } },
                                spec: { containers: [{ name: "web", image: "nginx:1.27" }] },
                            },
                        },
                    },
                    { parent, provider },
                );
            });
        });

        /** What @pulumi/policy's server builds for a resource in a preview that creates it: inputs as props. */
        function analyzerResource(r: RecordedResource): AnalyzerResource {
            const urnOf = (key: string) => `urn:pulumi:test::platform::${key}`;
            const parent = r.parent ? reg.resources.find((p) => p.key === r.parent) : undefined;
            const props = unknownCheckingProxy({ ...r.inputs, id: r.id });
            return {
                type: r.type,
                name: r.name,
                urn: urnOf(r.key),
                props,
                opts: {
                    protect: r.protect,
                    ignoreChanges: [],
                    aliases: [],
                    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
                    additionalSecretOutputs: [],
                },
                provider: r.provider
                    ? {
                          type: "pulumi:providers:kubernetes",
                          props: {},
                          urn: urnOf(`pulumi:providers:kubernetes::${r.provider}`),
                          name: r.provider,
                      }
                    : undefined,
                parent: parent ? analyzerResource(parent) : undefined,
                dependencies: [],
                propertyDependencies: {},
                isType: (cls) => isOfClass(r.type, cls as unknown as ResourceClass),
                asType: () => undefined,
            };
        }

        for (const [title, cls, name] of [
            ["an aws.ec2.SecurityGroup", aws.ec2.SecurityGroup, "edge-alb"],
            ["a k8s.apps.v1.Deployment", k8s.apps.v1.Deployment, "edge-web"],
        ] as [string, ResourceClass, string][]) {
            it(`for ${title}: same class match, props, id, protect, provider and parent`, () => {
                const recorded = reg.resources.find((r) => r.name === name)!;
                const harness = stackView([fromHarness(recorded)], "prod").ofClass(cls);
                const analyzer = stackView([fromAnalyzer(analyzerResource(recorded))], "prod").ofClass(cls);
                assert.strictEqual(harness.length, 1);
                assert.strictEqual(analyzer.length, 1);
                const [h, a] = [harness[0], analyzer[0]];
                // The URNs differ in form only: the harness keys resources by type::name, the engine by full URN.
                assert.ok(a.urn.endsWith(`::${h.urn}`), `${a.urn} vs ${h.urn}`);
                assert.ok(a.parent?.endsWith(`::${h.parent}`), `${a.parent} vs ${h.parent}`);
                const { urn: _hu, parent: _hp, ...hRest } = h;
                const { urn: _au, parent: _ap, ...aRest } = a;
                assert.deepStrictEqual({ ...aRest, props: { ...aRest.props } }, { ...hRest, props: { ...hRest.props, id: recorded.id } });
                // Another class matches in neither.
                assert.deepStrictEqual(stackView([fromAnalyzer(analyzerResource(recorded))], "prod").ofClass(aws.ec2.Vpc), []);
                assert.deepStrictEqual(stackView([fromHarness(recorded)], "prod").ofClass(aws.ec2.Vpc), []);
            });
        }

        it("reads typed values the same way on both paths", () => {
            const recorded = reg.resources.find((r) => r.name === "edge-alb")!;
            for (const r of [fromHarness(recorded), fromAnalyzer(analyzerResource(recorded))]) {
                const [sg] = stackView([r], "prod").ofClass(aws.ec2.SecurityGroup);
                assert.deepStrictEqual(
                    sg.props.ingress?.map((i) => [i.fromPort, i.toPort, i.cidrBlocks]),
                    [[443, 443, ["0.0.0.0/0"]]],
                );
                assert.strictEqual(sg.props.tags?.role, "alb");
                assert.strictEqual(sg.protect, true);
            }
        });
    });
});
