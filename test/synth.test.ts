import * as assert from "node:assert";
import { mandatoryViolations } from "../policy/run";
import { tierOf } from "../policy/view";
import { redactedInputs } from "../offline/engine/manifests";
import { checkPolicies, toPolicyResource } from "../offline/engine/policy";
import { runProgram, stackRegistry } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";
import { REQUIRED_SECRET_KEYS, minimalStackConfig } from "../offline/engine/minimal-stack";
import { type StackConfig, readStackFile } from "../offline/engine/stackfile";

const SUBNET = "aws:ec2/subnet:Subnet";
const NAT = "aws:ec2/natGateway:NatGateway";
/** A new environment as its first Pulumi.qa.yaml would be: only the required keys. */
const QA: StackConfig = { config: minimalStackConfig("dev", "qa.example.com"), secretKeys: REQUIRED_SECRET_KEYS, placeholders: [] };

const privateSubnets = (reg: Registry) => reg.ofType(SUBNET).filter((s) => s.inputs.tags?.["kubernetes.io/role/internal-elb"] === "1");
const isProvider = (r: RecordedResource) => r.type.startsWith("pulumi:providers:");

/** Violations as readable lines, for assertion messages. */
const describeViolations = (reg: Registry) =>
    mandatoryViolations(checkPolicies(reg))
        .map((v) => `  ${v.rule} ${v.urn ?? "(stack)"}: ${v.message}`)
        .join("\n");

describe("synth: the whole program under mocks (index.ts)", () => {
    const files: Record<string, StackConfig> = {};
    const stacks: Record<string, Registry> = {};

    // One run per stack, shared by every test below.
    before(async () => {
        for (const stack of ["dev", "staging"]) {
            files[stack] = readStackFile(stack);
            stacks[stack] = await stackRegistry(stack);
        }
        files.qa = QA;
        stacks.qa = await runProgram({ stack: "qa", config: QA.config, secretKeys: QA.secretKeys });
    });

    it("dev: 2 private subnets and 1 NAT gateway", () => {
        assert.strictEqual(privateSubnets(stacks.dev).length, 2);
        assert.strictEqual(stacks.dev.ofType(NAT).length, 1);
    });

    it("staging: 3 private subnets and 3 NAT gateways", () => {
        assert.strictEqual(privateSubnets(stacks.staging).length, 3);
        assert.strictEqual(stacks.staging.ofType(NAT).length, 3);
    });

    it("a new stack (qa) with only the required keys synthesises with dev's network", () => {
        const qa = stacks.qa;
        assert.strictEqual(privateSubnets(qa).length, 2);
        assert.strictEqual(qa.ofType(NAT).length, 1);
        assert.strictEqual(tierOf(qa.resources.map(toPolicyResource)), "dev");
        assert.deepStrictEqual(qa.one("aws:ec2/vpc:Vpc").inputs.cidrBlock, "10.10.0.0/16");
        assert.strictEqual(qa.one("platform:network:Network").name, "qa-network");
    });

    it("reads the tier of dev and staging from the aws provider's default tags", () => {
        assert.strictEqual(tierOf(stacks.dev.resources.map(toPolicyResource)), "dev");
        assert.strictEqual(tierOf(stacks.staging.resources.map(toPolicyResource)), "staging");
    });

    for (const stack of ["dev", "staging", "qa"]) {
        it(`${stack}: every resource but the providers and the top-level components has a parent`, () => {
            const orphans = stacks[stack].resources.filter(
                (r) => r.parent === undefined && !isProvider(r) && !(r.type.startsWith("platform:") && !r.custom),
            );
            assert.deepStrictEqual(
                orphans.map((r) => r.key),
                [],
            );
        });

        it(`${stack}: every aws resource uses the provider named aws`, () => {
            const aws = stacks[stack].resources.filter((r) => r.type.startsWith("aws:") && r.custom);
            assert.ok(aws.length > 0);
            assert.deepStrictEqual(
                aws.filter((r) => r.provider !== "aws").map((r) => `${r.key} -> ${r.provider}`),
                [],
            );
        });
    }

    it("dev: the placeholders name the three required secrets", () => {
        for (const key of REQUIRED_SECRET_KEYS)
            assert.ok(files.dev.placeholders.includes(key), `${key} not in ${files.dev.placeholders.join(", ")}`);
        for (const key of files.dev.placeholders) assert.ok(files.dev.secretKeys.includes(key), `${key} is a placeholder but not secret`);
    });

    for (const stack of ["dev", "staging"]) {
        it(`${stack}: no mandatory policy violation`, () => {
            const found = describeViolations(stacks[stack]);
            assert.strictEqual(found, "", `mandatory violations in ${stack}:\n${found}`);
        });
    }
});

describe("synth output (offline/engine/manifests.ts)", () => {
    const recorded = (inputs: Record<string, any>, secretPaths: string[]): RecordedResource => ({
        type: "kubernetes:core/v1:Secret",
        name: "hydra",
        key: "kubernetes:core/v1:Secret::hydra",
        protect: false,
        dependsOn: [],
        custom: true,
        id: "id-mock-hydra",
        inputs,
        secretPaths,
        outputs: inputs,
    });

    it("replaces every secret input, nested or in a list, with [secret] and leaves the rest", () => {
        const inputs = {
            metadata: { name: "hydra", namespace: "hydra" },
            stringData: { DSN: "postgres://hydra:s3cr3t@db.invalid:5432/hydra?sslmode=require", LOG_LEVEL: "info" },
            env: [
                { name: "A", value: "plain" },
                { name: "B", value: "hunter2" },
            ],
        };
        const out = redactedInputs(recorded(inputs, ["stringData.DSN", "env.1.value"]));
        assert.deepStrictEqual(out, {
            metadata: { name: "hydra", namespace: "hydra" },
            stringData: { DSN: "[secret]", LOG_LEVEL: "info" },
            env: [
                { name: "A", value: "plain" },
                { name: "B", value: "[secret]" },
            ],
        });
        assert.ok(!JSON.stringify(out).includes("s3cr3t") && !JSON.stringify(out).includes("hunter2"));
        assert.strictEqual(inputs.stringData.DSN.includes("s3cr3t"), true, "the recorded inputs are left intact");
    });

    it("redacts a whole object when the secret path is the object", () => {
        const out = redactedInputs(recorded({ stringData: { a: "1", b: "2" }, type: "Opaque" }, ["stringData"]));
        assert.deepStrictEqual(out, { stringData: "[secret]", type: "Opaque" });
    });

    it("redacts everything when the inputs as a whole are secret", () => {
        assert.strictEqual(redactedInputs(recorded({ value: "s3cr3t" }, [""])), "[secret]");
    });
});

describe("synth CLI on bad config", () => {
    it("prints every problem and exits 2, without a stack trace, when the program's ConfigError comes from reloaded modules", () => {
        const { spawnSync } = require("node:child_process") as typeof import("child_process");
        const fs = require("node:fs") as typeof import("fs");
        const path = require("node:path") as typeof import("path");
        const os = require("node:os") as typeof import("os");
        const root = path.resolve(__dirname, "..");
        const file = path.join(root, "Pulumi.badcidr.yaml");
        fs.writeFileSync(
            file,
            fs.readFileSync(path.join(root, "Pulumi.dev.yaml"), "utf8").replace("cidr: 10.10.0.0/16", "cidr: 10.10.0.1/16\n    azCoutn: 2"),
        );
        try {
            const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/synth.ts", "--stack", "badcidr", "--quiet"], {
                cwd: root,
                encoding: "utf8",
                env: { ...process.env, TMPDIR: os.tmpdir() },
            });
            assert.strictEqual(r.status, 2, r.stderr);
            assert.match(r.stderr, /Stack config has 2 problems/);
            assert.match(r.stderr, /platform:network\.azCoutn: unknown key/);
            assert.match(r.stderr, /platform:network\.cidr: "10\.10\.0\.1\/16" has host bits set/);
            assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
        } finally {
            fs.rmSync(file, { force: true });
            fs.rmSync(path.join(root, "synth", "badcidr"), { recursive: true, force: true });
        }
    });
});
