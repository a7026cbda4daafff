import { mockArn, mockHost } from "../fakes";
import type { MockTable } from "./types";

const brokers = (name: string, count: number, port: number) =>
    Array.from({ length: count }, (_, i) => `b-${i + 1}.${mockHost(name, "kafka")}:${port}`).join(",");

/**
 * Mocked outputs of the data layer's resources. RDS parameter and subnet groups use their name as id, as the
 * provider does, so policy rules can resolve an instance's parameterGroupName through StackView.byId.
 */
export const data: MockTable = {
    resources: {
        "aws:rds/instance:Instance": (name, inputs) => {
            const identifier = inputs.identifier ?? `mock-${name}`;
            const address = mockHost(identifier, "rds");
            const port = inputs.port ?? 5432;
            return {
                identifier,
                address,
                port,
                endpoint: `${address}:${port}`,
                arn: mockArn("rds", `db:${identifier}`),
                resourceId: `db-MOCK${name.toUpperCase()}`,
            };
        },
        "aws:rds/parameterGroup:ParameterGroup": (name, inputs) => ({
            id: inputs.name ?? `mock-${name}`,
            name: inputs.name ?? `mock-${name}`,
        }),
        "aws:rds/subnetGroup:SubnetGroup": (name, inputs) => ({ id: inputs.name ?? `mock-${name}`, name: inputs.name ?? `mock-${name}` }),
        "aws:msk/cluster:Cluster": (name, inputs) => {
            const clusterName = inputs.clusterName ?? `mock-${name}`;
            const count = inputs.numberOfBrokerNodes ?? 3;
            return {
                clusterName,
                arn: mockArn("kafka", `cluster/${clusterName}/mock-uuid-${name}`),
                clusterUuid: `mock-uuid-${name}`,
                bootstrapBrokersSaslIam: brokers(clusterName, count, 9098),
                bootstrapBrokersTls: brokers(clusterName, count, 9094),
            };
        },
        "aws:msk/configuration:Configuration": (name, inputs) => ({
            arn: mockArn("kafka", `configuration/${inputs.name ?? `mock-${name}`}/mock-uuid`),
            latestRevision: 1,
        }),
        "aws:opensearch/domain:Domain": (name, inputs) => {
            const domainName = inputs.domainName ?? `mock-${name}`;
            return {
                domainName,
                arn: mockArn("es", `domain/${domainName}`),
                endpoint: `vpc-${mockHost(domainName, "es")}`,
                domainId: `000000000000/${domainName}`,
            };
        },
    },
    calls: {},
};
