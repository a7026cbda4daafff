export { KmsKey, KmsKeyArgs } from "./kms";
export {
    Database,
    DatabaseArgs,
    DatabaseOptions,
    PostgresVersion,
    databaseOptions,
    postgresVersion,
    finalSnapshotPrefix,
    POSTGRES_PORT,
    HYDRA_DATABASE,
} from "./database";
export { Kafka, KafkaArgs, kafkaServerProperties, kafkaResourceArns, KAFKA_IAM_PORT } from "./kafka";
export {
    Search,
    SearchArgs,
    searchDomainArn,
    searchDomainAccessPolicy,
    checkDomainName,
    SEARCH_HTTPS_PORT,
    SEARCH_TLS_POLICY,
    SEARCH_LOG_TYPES,
} from "./search";
export { SearchMasterRole, SearchMasterRoleArgs, searchMasterTrustPolicy } from "./search-master";
