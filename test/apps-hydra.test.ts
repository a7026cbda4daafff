import * as assert from "node:assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { HYDRA_IMAGE, Hydra, type HydraArgs, migrationJobName } from "../components/apps";
import { tenancyRules } from "../policy/rules/tenancy";
import { isPinnedImage, workloadsRules } from "../policy/rules/workloads";
import { invalidObjects, plainInputs } from "../offline/k8s/declared";
import { checkPolicies } from "../offline/engine/policy";
import { runComponent } from "../offline/engine/program";
import { type RecordedResource, type Registry, isSecretInput } from "../offline/engine/registry";

const T = {
    secret: "kubernetes:core/v1:Secret",
    config: "kubernetes:core/v1:ConfigMap",
    sa: "kubernetes:core/v1:ServiceAccount",
    job: "kubernetes:batch/v1:Job",
    deployment: "kubernetes:apps/v1:Deployment",
    pdb: "kubernetes:policy/v1:PodDisruptionBudget",
    service: "kubernetes:core/v1:Service",
    ingress: "kubernetes:networking.k8s.io/v1:Ingress",
    netpol: "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    password: "random:index/randomPassword:RandomPassword",
};

const base: HydraArgs = {
    namespace: "staging",
    domain: "staging.example.com",
    host: "auth",
    loginUrl: "https://shop.staging.example.com/login",
    consentUrl: "https://shop.staging.example.com/consent",
    replicas: 2,
    dsn: "postgres://hydra:pw@db.invalid:5432/hydra?sslmode=require" /* plain: the component must make it secret */,
    vpcCidr: "10.20.0.0/16",
    protect: true,
};

function run(overrides: Partial<HydraArgs> = {}): Promise<Registry> {
    return runComponent(() => {
        const provider = new k8s.Provider("test-k8s", {});
        const hydra = new Hydra("hydra", { ...base, ...overrides }, { provider });
        return { publicUrl: hydra.publicUrl, adminServiceAddress: hydra.adminServiceAddress, host: hydra.host };
    });
}

const plain = plainInputs;
const podSpec = (r: RecordedResource) => plain(r).spec.template.spec;

describe("apps: Hydra", () => {
    let reg: Registry;
    before(async () => {
        reg = await run();
    });

    it("declares its objects under the component, each with the cluster's provider", () => {
        const counts = reg.countByType();
        for (const [type, n] of [
            [T.secret, 1],
            [T.config, 1],
            [T.sa, 2],
            [T.job, 1],
            [T.deployment, 1],
            [T.pdb, 1],
            [T.service, 2],
            [T.ingress, 1],
            [T.netpol, 2],
            [T.password, 3],
        ] as const) {
            assert.strictEqual(counts[type], n, type);
        }
        const kube = reg.resources.filter((r) => r.type.startsWith("kubernetes:") && r.custom && !r.type.startsWith("pulumi:"));
        assert.strictEqual(kube.length, 12);
        for (const r of kube) {
            assert.strictEqual(r.parent, "platform:apps:Hydra::hydra", r.key);
            assert.strictEqual(r.provider, "test-k8s", r.key);
            assert.strictEqual(plain(r).metadata.namespace, "staging", r.key);
        }
    });

    it("every Kubernetes object is valid against the Kubernetes schema", () => {
        assert.deepStrictEqual(invalidObjects(reg), []);
    });

    it("keeps DSN and generated secrets in a secret Secret named hydra", () => {
        const secret = reg.one(T.secret);
        const data = plain(secret).stringData;
        assert.strictEqual(plain(secret).metadata.name, "hydra");
        assert.deepStrictEqual(Object.keys(data).sort(), [
            "DSN",
            "OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT",
            "SECRETS_COOKIE",
            "SECRETS_SYSTEM",
        ]);
        for (const key of Object.keys(data)) assert.ok(isSecretInput(secret, `stringData.${key}`), key);
        assert.strictEqual(data.DSN, "postgres://hydra:pw@db.invalid:5432/hydra?sslmode=require");
        assert.deepStrictEqual(JSON.parse(data.SECRETS_SYSTEM), ["mock-hydra-system-secret-xxxxxxx"]);
        assert.deepStrictEqual(JSON.parse(data.SECRETS_COOKIE), ["mock-hydra-cookie-secret-xxxxxxx"]);
        assert.strictEqual(data.OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT, "mock-hydra-pairwise-salt-xxxxxxx");
        for (const p of reg.ofType(T.password)) {
            assert.ok(p.inputs.length >= 32 && p.inputs.special === false && p.inputs.keepers === undefined, p.name);
        }
    });

    it("writes no secret value into any other object, export or plain input (S3)", () => {
        const values = Object.values(plain(reg.one(T.secret)).stringData as Record<string, string>).flatMap((v) => [
            v,
            ...(v.startsWith("[") ? JSON.parse(v) : []),
        ]);
        for (const r of reg.resources.filter((x) => x.type !== T.secret && x.type !== T.password)) {
            const text = JSON.stringify(plain(r));
            for (const v of values) assert.ok(!text.includes(v), `${r.key} contains a secret value`);
        }
        for (const [k, o] of Object.entries(reg.outputs)) for (const v of values) assert.ok(!JSON.stringify(o.value).includes(v), k);
        // The SDK also wraps a Secret's stringData; the component does not rely on it.
        assert.deepStrictEqual(reg.one(T.secret).secretPaths, ["stringData"]);
    });

    it("puts the environment's URLs and subject types in the ConfigMap", () => {
        assert.deepStrictEqual(plain(reg.one(T.config)).data, {
            URLS_SELF_ISSUER: "https://auth.staging.example.com/",
            URLS_SELF_PUBLIC: "https://auth.staging.example.com/",
            URLS_LOGIN: "https://shop.staging.example.com/login",
            URLS_CONSENT: "https://shop.staging.example.com/consent",
            OIDC_SUBJECT_IDENTIFIERS_SUPPORTED_TYPES: "public,pairwise",
            SERVE_PUBLIC_PORT: "4444",
            SERVE_ADMIN_PORT: "4445",
            LOG_LEVEL: "info",
            LOG_FORMAT: "json",
        });
    });

    it("runs the pinned image with env only from the Secret and ConfigMap, health probes and a locked-down context", () => {
        const spec = podSpec(reg.one(T.deployment));
        const [c] = spec.containers;
        assert.strictEqual(c.image, HYDRA_IMAGE);
        assert.ok(isPinnedImage(c.image));
        assert.strictEqual(c.env, undefined);
        assert.deepStrictEqual(c.envFrom, [{ secretRef: { name: "hydra" } }, { configMapRef: { name: "hydra" } }]);
        const adminPort = c.ports.find((p: any) => p.name === c.livenessProbe.httpGet.port).containerPort;
        assert.strictEqual(adminPort, 4445);
        assert.strictEqual(c.livenessProbe.httpGet.path, "/health/alive");
        assert.strictEqual(c.readinessProbe.httpGet.path, "/health/ready");
        assert.strictEqual(c.readinessProbe.httpGet.port, "http-admin");
        assert.deepStrictEqual(c.securityContext, {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(c.volumeMounts, [{ name: "tmp", mountPath: "/tmp" }]);
        assert.ok(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.cpu && c.resources.limits.memory);
        assert.strictEqual(spec.serviceAccountName, "hydra");
        assert.strictEqual(spec.automountServiceAccountToken, false);
        for (const sa of reg.ofType(T.sa)) assert.strictEqual(plain(sa).automountServiceAccountToken, false);
        assert.strictEqual(spec.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
    });

    it("migrates with the same image before the Deployment: the Deployment depends on the Job", () => {
        const job = reg.one(T.job);
        const spec = podSpec(job);
        assert.strictEqual(plain(job).metadata.name, migrationJobName(HYDRA_IMAGE));
        assert.match(plain(job).metadata.name, /^hydra-migrate-[0-9a-f]{10}$/);
        assert.strictEqual(spec.containers[0].image, HYDRA_IMAGE);
        assert.deepStrictEqual(spec.containers[0].args, ["migrate", "sql", "up", "-e", "--yes"]);
        assert.deepStrictEqual(spec.containers[0].env, [{ name: "DSN", valueFrom: { secretKeyRef: { name: "hydra", key: "DSN" } } }]);
        assert.strictEqual(spec.restartPolicy, "Never");
        assert.strictEqual(spec.serviceAccountName, "hydra-migrate");
        assert.strictEqual(plain(job).spec.ttlSecondsAfterFinished, undefined);
        assert.strictEqual(plain(job).spec.backoffLimit, 3);
        assert.deepStrictEqual(reg.one(T.deployment).dependsOn, [job.key]);
        assert.deepStrictEqual(job.dependsOn, ["kubernetes:networking.k8s.io/v1:NetworkPolicy::hydra-netpol-egress"]);
    });

    it("names the migration Job after the image, so a new version runs a new migration", async () => {
        const other = await run({ image: "oryd/hydra:v26.3.0" });
        const name = plain(other.one(T.job)).metadata.name;
        assert.strictEqual(name, migrationJobName("oryd/hydra:v26.3.0"));
        assert.notStrictEqual(name, plain(reg.one(T.job)).metadata.name);
        assert.strictEqual(migrationJobName(HYDRA_IMAGE), migrationJobName(HYDRA_IMAGE));
    });

    it("exposes only the public port through the nginx Ingress, at <host>.<domain>, without a tls block", () => {
        const ingress = plain(reg.one(T.ingress)).spec;
        assert.strictEqual(ingress.ingressClassName, "nginx");
        assert.strictEqual(ingress.tls, undefined);
        assert.strictEqual(ingress.rules.length, 1);
        assert.strictEqual(ingress.rules[0].host, "auth.staging.example.com");
        assert.deepStrictEqual(ingress.rules[0].http.paths[0].backend, { service: { name: "hydra-public", port: { number: 4444 } } });
        const ports = Object.fromEntries(reg.ofType(T.service).map((s) => [plain(s).metadata.name, plain(s).spec.ports[0].port]));
        assert.deepStrictEqual(ports, { "hydra-public": 4444, "hydra-admin": 4445 });
    });

    it("allows ingress from kube-ingress to 4444 and from its namespace to 4445; egress to Postgres in the VPC and DNS", () => {
        const ingress = plain(reg.one(T.netpol, "hydra-netpol-ingress")).spec.ingress;
        assert.deepStrictEqual(ingress[0], {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-ingress" } } }],
            ports: [{ protocol: "TCP", port: 4444 }],
        });
        assert.deepStrictEqual(ingress[1], { from: [{ podSelector: {} }], ports: [{ protocol: "TCP", port: 4445 }] });
        assert.strictEqual(ingress.length, 2);
        const egress = plain(reg.one(T.netpol, "hydra-netpol-egress")).spec;
        assert.deepStrictEqual(egress.policyTypes, ["Egress"]);
        assert.deepStrictEqual(egress.egress[0], { to: [{ ipBlock: { cidr: "10.20.0.0/16" } }], ports: [{ protocol: "TCP", port: 5432 }] });
        assert.deepStrictEqual(
            egress.egress[1].ports.map((p: any) => `${p.protocol}/${p.port}`),
            ["UDP/53", "TCP/53"],
        );
    });

    it("outputs the public URL, the admin address and the host label", () => {
        assert.deepStrictEqual(reg.outputs.publicUrl, { value: "https://auth.staging.example.com/", secret: false });
        assert.deepStrictEqual(reg.outputs.adminServiceAddress, {
            value: "http://hydra-admin.staging.svc.cluster.local:4445",
            secret: false,
        });
        assert.deepStrictEqual(reg.outputs.host, { value: "auth", secret: false });
    });

    it("passes the workload and tenancy rules (K2-K9) at prod", () => {
        const violations = checkPolicies(reg, { tier: "prod", rules: workloadsRules.concat(tenancyRules) }).flatMap((r) => r.violations);
        assert.deepStrictEqual(violations, []);
    });
});

describe("apps: Hydra by tier and with given secrets", () => {
    it("one replica (dev) has no PodDisruptionBudget, which K5 flags outside dev only", async () => {
        const reg = await run({ replicas: 1 });
        assert.strictEqual(reg.ofType(T.pdb).length, 0);
        assert.strictEqual(plain(reg.one(T.deployment)).spec.replicas, 1);
        const at = (tier: "dev" | "staging") =>
            checkPolicies(reg, { tier, rules: workloadsRules })
                .flatMap((r) => r.violations)
                .map((v) => v.message);
        assert.deepStrictEqual(at("dev"), []);
        assert.deepStrictEqual(at("staging"), [
            "Deployment hydra-server has 1 replica(s); at least 2 are required outside dev.",
            "Deployment hydra-server has no PodDisruptionBudget selecting its pods.",
        ]);
    });

    it("uses given secrets instead of generating them and keeps retired system secrets for decryption", async () => {
        const reg = await run({
            replicas: 3,
            systemSecret: pulumi.secret("given-system-secret-0123456789"),
            cookieSecret: pulumi.secret("given-cookie-secret-0123456789"),
            pairwiseSalt: pulumi.secret("legacy-pairwise-salt-0123456789"),
            retiredSystemSecrets: [pulumi.secret("old-system-secret-0123456789")],
        });
        assert.strictEqual(reg.ofType(T.password).length, 0);
        const data = plain(reg.one(T.secret)).stringData;
        assert.deepStrictEqual(JSON.parse(data.SECRETS_SYSTEM), ["given-system-secret-0123456789", "old-system-secret-0123456789"]);
        assert.deepStrictEqual(JSON.parse(data.SECRETS_COOKIE), ["given-cookie-secret-0123456789"]);
        assert.strictEqual(data.OIDC_SUBJECT_IDENTIFIERS_PAIRWISE_SALT, "legacy-pairwise-salt-0123456789");
        assert.ok(isSecretInput(reg.one(T.secret), "stringData.SECRETS_SYSTEM"));
        assert.deepStrictEqual(plain(reg.one(T.pdb)).spec, {
            minAvailable: 1,
            selector: { matchLabels: plain(reg.one(T.deployment)).spec.selector.matchLabels },
        });
    });

    it("lets the given client namespaces (the toolbox's) reach both ports", async () => {
        const reg = await run({ clientNamespaces: ["test"] });
        assert.deepStrictEqual(plain(reg.one(T.netpol, "hydra-netpol-ingress")).spec.ingress[2], {
            from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "test" } } }],
            ports: [
                { protocol: "TCP", port: 4444 },
                { protocol: "TCP", port: 4445 },
            ],
        });
    });

    it("rejects a replica count that is not a positive integer", async () => {
        await assert.rejects(run({ replicas: 0 }), /Hydra hydra: replicas must be a positive integer, got 0\./);
    });
});
