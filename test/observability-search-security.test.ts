import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as k8s from "@pulumi/kubernetes";
import * as os from "node:os";
import * as path from "node:path";
import {
    SEARCH_SECURITY_IMAGE,
    SEARCH_SECURITY_SCRIPT,
    SEARCH_WRITER_ROLE_BODY,
    SearchSecurityMappings,
    searchSecurityConfigData,
    searchSecurityJobName,
    searchSecurityPodSpec,
    searchSecurityRequests,
} from "../components/observability";
import { networkPoliciesFor } from "../components/tenancy/network-policies";
import { podSecurityProblems } from "../offline/k8s/pod-security";
import { validateBuiltin } from "../offline/k8s/openapi";
import { MOCK_ACCOUNT } from "../offline/engine/fakes";
import { runComponent, stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const LOGS = `arn:aws:iam::${MOCK_ACCOUNT}:role/logs`;
const TRACES = `arn:aws:iam::${MOCK_ACCOUNT}:role/traces`;
const MASTER = `arn:aws:iam::${MOCK_ACCOUNT}:role/master`;
const ADMIN = `arn:aws:iam::${MOCK_ACCOUNT}:role/PlatformAdmin`;
const ENDPOINT = "vpc-platform-test-mock.us-east-1.es.amazonaws.com";
const data = (writers: string[], admins: string[]) => searchSecurityConfigData(searchSecurityRequests(writers, admins));

describe("observability: OpenSearch role mappings applied from inside the cluster", () => {
    it("maps exactly the writers to the writer role and exactly the master and admins to all_access, the role before its mapping", () => {
        const requests = searchSecurityRequests([TRACES, LOGS, LOGS], [MASTER, ADMIN]);
        assert.deepStrictEqual(
            requests.map((r) => r.path),
            [
                "_plugins/_security/api/roles/platform_writer",
                "_plugins/_security/api/rolesmapping/platform_writer",
                "_plugins/_security/api/rolesmapping/all_access",
            ],
        );
        assert.deepStrictEqual(requests[1].body.backend_roles, [LOGS, TRACES]);
        assert.deepStrictEqual(requests[2].body.backend_roles, [ADMIN, MASTER]);
        assert.strictEqual(requests[0].body, SEARCH_WRITER_ROLE_BODY);
    });

    it("gives the writers their own indices only, with no admin action groups", () => {
        assert.deepStrictEqual(SEARCH_WRITER_ROLE_BODY.index_permissions, [
            { index_patterns: ["logs-*", "jaeger-*"], allowed_actions: ["crud", "create_index"] },
        ]);
        const all = JSON.stringify(SEARCH_WRITER_ROLE_BODY);
        for (const broad of ["all_access", '"manage"', "indices_all", "cluster_all", "security", '"*"'])
            assert.ok(!all.includes(broad), broad);
    });

    it("is idempotent: the same content is the same Job, whatever the order; new content, endpoint or image is a new Job", () => {
        const same = searchSecurityJobName(data([LOGS, TRACES], [MASTER]), ENDPOINT, SEARCH_SECURITY_IMAGE);
        assert.match(same, /^search-security-[0-9a-f]{10}$/);
        assert.strictEqual(searchSecurityJobName(data([TRACES, LOGS], [MASTER, MASTER]), ENDPOINT, SEARCH_SECURITY_IMAGE), same);
        const changed = [
            searchSecurityJobName(data([LOGS], [MASTER]), ENDPOINT, SEARCH_SECURITY_IMAGE),
            searchSecurityJobName(data([LOGS, TRACES], [MASTER, ADMIN]), ENDPOINT, SEARCH_SECURITY_IMAGE),
            searchSecurityJobName(data([LOGS, TRACES], [MASTER]), `new-${ENDPOINT}`, SEARCH_SECURITY_IMAGE),
            searchSecurityJobName(data([LOGS, TRACES], [MASTER]), ENDPOINT, "curlimages/curl:8.17.0"),
        ];
        assert.strictEqual(new Set([same, ...changed]).size, 5);
    });

    it("runs a pod that meets restricted Pod Security and the 1.35 schema, with a pinned image", () => {
        const spec = searchSecurityPodSpec({
            image: SEARCH_SECURITY_IMAGE,
            configMapName: "search-security-requests",
            endpoint: ENDPOINT,
            region: "us-east-1",
        });
        const job = {
            apiVersion: "batch/v1",
            kind: "Job",
            metadata: { name: "j", namespace: "observability" },
            spec: { template: { spec } },
        };
        assert.deepStrictEqual(podSecurityProblems(job as any, "restricted"), []);
        assert.deepStrictEqual(validateBuiltin(job as any), []);
        assert.match(SEARCH_SECURITY_IMAGE, /^[a-z/]+:\d+\.\d+\.\d+$/);
        assert.strictEqual(spec.automountServiceAccountToken, false);
    });

    it("the script fetches Pod Identity credentials, then PUTs each body signed for es in the region, keys never on a command line", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "search-security-"));
        try {
            const requests = path.join(dir, "requests");
            fs.mkdirSync(requests);
            for (const [file, content] of Object.entries(data([LOGS, TRACES], [MASTER])))
                fs.writeFileSync(path.join(requests, file), content);
            fs.writeFileSync(path.join(dir, "token"), "pod-identity-token");
            const log = path.join(dir, "calls");
            // A stand-in curl: answers the agent like the EKS Pod Identity agent does, records every other call.
            fs.writeFileSync(
                path.join(dir, "curl"),
                `#!/bin/sh
case "$*" in
  *169.254.170.23*) printf '%s\\n' "$*" >> "${log}.agent"; printf '{"AccessKeyId":"ASIAMOCK","SecretAccessKey":"s3cr/et+","Token":"sess-token","AccountId":"000000000000","Expiration":"2030-01-01T00:00:00Z"}' ;;
  *) printf 'ARGS %s\\nCONFIG %s\\n' "$*" "$(cat)" >> "${log}" ;;
esac
`,
                { mode: 0o755 },
            );
            const script = SEARCH_SECURITY_SCRIPT.replace(/\/requests\//g, `${requests}/`);
            execFileSync("/bin/sh", ["-c", script], {
                env: {
                    PATH: `${dir}:/usr/bin:/bin`,
                    ENDPOINT,
                    REGION: "us-east-1",
                    AWS_CONTAINER_CREDENTIALS_FULL_URI: "http://169.254.170.23/v1/credentials",
                    AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: path.join(dir, "token"),
                },
                stdio: "pipe",
            });
            assert.match(
                fs.readFileSync(`${log}.agent`, "utf8"),
                /-H Authorization: pod-identity-token http:\/\/169\.254\.170\.23\/v1\/credentials/,
            );
            const calls = fs
                .readFileSync(log, "utf8")
                .trim()
                .split(/\n(?=ARGS )/);
            assert.strictEqual(calls.length, 3);
            searchSecurityRequests([LOGS, TRACES], [MASTER]).forEach((request, i) => {
                assert.ok(calls[i].includes(`--aws-sigv4 aws:amz:us-east-1:es`), calls[i]);
                assert.ok(calls[i].includes(`-X PUT --data-binary @${requests}/${i}.json https://${ENDPOINT}/${request.path}`), calls[i]);
                assert.ok(calls[i].includes('CONFIG user = "ASIAMOCK:s3cr/et+"\nheader = "x-amz-security-token: sess-token"'), calls[i]);
                assert.ok(!/ARGS [^\n]*(s3cr|sess-token)/.test(calls[i]), "no secret on the command line");
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    describe("the component", () => {
        let reg: Registry;
        before(async () => {
            reg = await runComponent(() => {
                const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
                const awsProvider = new aws.Provider("aws-explicit", { region: "us-east-1" });
                const ns = new k8s.core.v1.Namespace("observability", { metadata: { name: "observability" } }, { provider });
                const m = new SearchSecurityMappings(
                    "search-security",
                    {
                        clusterName: "platform-test",
                        namespace: "observability",
                        region: "us-east-1",
                        searchEndpoint: ENDPOINT,
                        masterRoleArn: MASTER,
                        writerRoleArns: [LOGS, TRACES],
                        adminRoleArns: [ADMIN],
                    },
                    { providers: { aws: awsProvider, kubernetes: provider }, dependsOn: [ns] },
                );
                return { jobName: m.jobName };
            });
        });

        it("associates its service account with the domain's master role through Pod Identity", () => {
            const association = reg.one("aws:eks/podIdentityAssociation:PodIdentityAssociation");
            assert.deepStrictEqual(
                {
                    cluster: association.inputs.clusterName,
                    ns: association.inputs.namespace,
                    sa: association.inputs.serviceAccount,
                    role: association.inputs.roleArn,
                },
                { cluster: "platform-test", ns: "observability", sa: "search-security", role: MASTER },
            );
            const sa = reg.one("kubernetes:core/v1:ServiceAccount");
            assert.strictEqual(sa.inputs.metadata.name, "search-security");
            assert.strictEqual(sa.inputs.automountServiceAccountToken, false);
            assert.strictEqual(association.provider, "aws-explicit");
        });

        it("runs a Job named after its content, after the association, the requests and the namespace", () => {
            const job = reg.one("kubernetes:batch/v1:Job");
            const expected = data([LOGS, TRACES], [MASTER, ADMIN]);
            assert.deepStrictEqual(reg.one("kubernetes:core/v1:ConfigMap").inputs.data, expected);
            assert.strictEqual(job.inputs.metadata.name, searchSecurityJobName(expected, ENDPOINT, SEARCH_SECURITY_IMAGE));
            assert.deepStrictEqual(reg.outputs.jobName, { value: job.inputs.metadata.name, secret: false });
            assert.deepStrictEqual([...job.dependsOn].sort(), [
                "aws:eks/podIdentityAssociation:PodIdentityAssociation::search-security-association",
                "kubernetes:core/v1:ConfigMap::search-security-requests",
                "kubernetes:core/v1:ServiceAccount::search-security-sa",
            ]);
            const pod = job.inputs.spec.template.spec;
            assert.deepStrictEqual(pod.containers[0].env, [
                { name: "ENDPOINT", value: ENDPOINT },
                { name: "REGION", value: "us-east-1" },
            ]);
            assert.strictEqual(job.inputs.spec.ttlSecondsAfterFinished, undefined);
            for (const r of reg.resources.filter(
                (x) => x.custom && x.type.startsWith("kubernetes:") && x.type !== "kubernetes:core/v1:Namespace",
            )) {
                assert.strictEqual(r.provider, "k8s", r.key);
                assert.deepStrictEqual(
                    r.type === "kubernetes:batch/v1:Job" ? [] : r.dependsOn,
                    r.type === "kubernetes:batch/v1:Job" ? [] : ["kubernetes:core/v1:Namespace::observability"],
                );
            }
        });
    });

    describe("in the dev stack", () => {
        let dev: Registry;
        before(async () => {
            dev = await stackRegistry("dev");
        });

        it("maps Fluent Bit's and Jaeger's roles, as the master role, whose trust admits only the Job's service account through Pod Identity", () => {
            const master = dev.one("aws:iam/role:Role", "dev-search-master-role");
            const association = dev.resources.find((r) => r.name === "dev-search-security-association")!;
            assert.strictEqual(association.inputs.roleArn, master.outputs.arn);
            const pods = JSON.parse(master.inputs.assumeRolePolicy).Statement.find(
                (s: any) => s.Principal.Service === "pods.eks.amazonaws.com",
            );
            assert.deepStrictEqual(pods.Action, ["sts:AssumeRole", "sts:TagSession"]);
            assert.deepStrictEqual(pods.Condition.StringEquals, {
                "aws:SourceAccount": MOCK_ACCOUNT,
                "aws:RequestTag/eks-cluster-name": "platform-dev",
                "aws:RequestTag/kubernetes-namespace": "observability",
                "aws:RequestTag/kubernetes-service-account": "search-security",
            });
            const writers = [
                dev.one("aws:iam/role:Role", "dev-observability-logs-role"),
                dev.one("aws:iam/role:Role", "dev-observability-traces-role"),
            ].map((r) => r.outputs.arn as string);
            const config = dev.resources.find((r) => r.name === "dev-search-security-requests")!;
            assert.deepStrictEqual(JSON.parse(config.inputs.data["1.json"]).backend_roles, [...writers].sort());
            assert.deepStrictEqual(JSON.parse(config.inputs.data["2.json"]).backend_roles, [master.outputs.arn]);
            // The domain's access policy admits the master role, the Job's identity.
            const access = JSON.parse(dev.one("aws:opensearch/domain:Domain").inputs.accessPolicies);
            assert.ok(access.Statement[0].Principal.AWS.includes(master.outputs.arn));
        });

        it("needs nobody on the VPN: its namespace lets the Job reach DNS, the Pod Identity agent and HTTPS in the VPC", () => {
            const job = dev.one("kubernetes:batch/v1:Job", "dev-search-security-job");
            assert.strictEqual(job.inputs.metadata.namespace, "observability");
            assert.strictEqual(
                job.inputs.spec.template.spec.containers[0].env[0].value,
                dev.one("aws:opensearch/domain:Domain").outputs.endpoint,
            );
            const egress = networkPoliciesFor("observability", { appNamespace: "dev", vpcCidr: "10.10.0.0/16" }).flatMap(
                (p) => (p.spec.egress ?? []) as any[],
            );
            const allows = (cidr: string, port: number) =>
                egress.some((e) => e.to?.some((t: any) => t.ipBlock?.cidr === cidr) && e.ports?.some((p: any) => p.port === port));
            assert.ok(allows("169.254.170.23/32", 80), "Pod Identity agent");
            assert.ok(allows("0.0.0.0/0", 443), "the domain's HTTPS endpoint in the VPC");
            assert.ok(
                egress.some((e) => e.ports?.some((p: any) => p.port === 53)),
                "DNS",
            );
        });
    });
});
