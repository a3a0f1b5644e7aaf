#!/usr/bin/env python3
"""Deploys deploy/cloudformation/sentrade.yaml on moto's CloudFormation and reads the stack back.

    python3 deploy/tests/test_stack_moto.py          # needs boto3 and moto[server] (5.2.x)

Standalone: no pytest. Prints one line per check and `N passed, M failed` last; exit 0/1.
Starts its own moto server on 127.0.0.1:<free port> as a subprocess and stops it in a finally.

Three stacks are created in one moto server:
  * `sentrade-svc`:    Mode=service  (ECS service, no endpoint)
  * `sentrade-paused`: Mode=service, RunnerEnabled=false (DesiredCount 0)
  * `sentrade-sched`: Mode=schedule, CreateEndpoint=true, TradingMode=live
and, for each, the checks read back through boto3: the ECS cluster; the task definition's image,
command, the three `secrets` with valueFrom `<secret ARN>:<JSON key>::`, the awslogs log
configuration naming the stack's log group, taskRoleArn and executionRoleArn (the stack's two
roles, different); the Secrets Manager secret (name, KMS key, placeholder JSON); the log group;
the roles' inline policies naming the secret / endpoint; the service (service mode) or its absence
(schedule mode); the SageMaker endpoint (CreateEndpoint=true). A static check parses the
template and fails on any wildcard IAM/KMS action.

moto quirks found by running this against moto 5.2.1 (all still there in 5.2.5, where the test also passes):
  * Not modelled by moto's CloudFormation at all (CreateStack logs "No Moto CloudFormation
    support for ...", the resource shows in ListStackResources with an empty LogicalResourceId,
    and a Ref to it resolves to nothing: inside Fn::Sub the literal "${AppSecret}" is left):
      AWS::SecretsManager::Secret, AWS::EC2::SecurityGroupEgress, AWS::SNS::Subscription,
      AWS::CloudWatch::Alarm, AWS::Scheduler::Schedule.
    So the alarms, the NFS egress rule, the e-mail subscription and the schedule are not checked
    here (cfn-lint and checkov check them statically).
  * AWS::ECS::TaskDefinition keeps only Family, ContainerDefinitions, Volumes (names; the
    EFSVolumeConfiguration is dropped) and Memory: Cpu, NetworkMode (reads back "bridge"),
    RequiresCompatibilities, RuntimePlatform, TaskRoleArn and ExecutionRoleArn are dropped.
  * AWS::ECS::Service keeps only cluster, name, task definition and DesiredCount.
  * DeleteStack leaves the ECS cluster, service and task definition behind (moto's ECS models
    have no CloudFormation delete), so the test checks the stacks and secrets are gone, not those.
  * AWS::EFS::AccessPoint has no physical id, so `Ref AccessPoint` resolves to "".
  * AWS::EFS::FileSystem: `Fn::GetAtt FileSystem.Arn` is an AttributeError (HTTP 500 from
    CreateStack); the template builds the ARN with Fn::Sub instead, which is equivalent.
  * AWS::SageMaker::Endpoint ignores EndpointName and generates "<stack>-<logical id>-<suffix>".
  * The inline Policies of an AWS::IAM::Role come back from GetRolePolicy as Python's str(dict)
    (single quotes) instead of JSON; the test reads them as a Python literal.
  * `!If [cond, x, !Ref AWS::NoValue]` as a list item leaves null in the list instead of removing
    the item; the template uses two whole lists for the command instead, equivalent in AWS.
So that the checks above can still run, the moto server this test starts is moto's own server
(`moto.server.main`, the code behind the `moto_server` command, with the same `-H`/`-p`
arguments) with three gaps filled before it starts, in `fill_moto_cloudformation_gaps()`:
an AWS::SecretsManager::Secret model backed by moto's Secrets Manager (GenerateSecretString
included), a TaskDefinition model that passes every property through to moto's ECS
RegisterTaskDefinition, and a physical id for EFS access points. Everything else (template
parsing, conditions, Ref/GetAtt/Sub/If/Select/Split resolution, the other resources) is moto's.
Each shim is skipped when moto already models the resource type.
"""
from __future__ import annotations

import ast
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
TEMPLATE = os.path.join(HERE, "..", "cloudformation", "sentrade.yaml")
REGION = "us-east-1"
IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/sentrade:test"
SECRET_KEYS = ["APCA_API_KEY_ID", "APCA_API_SECRET_KEY", "X_BEARER_TOKEN"]


# ------------------------------------------------------------------------------------------------
# moto server subprocess (this file run with --serve-moto)
# ------------------------------------------------------------------------------------------------
def fill_moto_cloudformation_gaps() -> None:
    """Teach moto's CloudFormation the three things the checks need (see the module docstring)."""
    import secrets as pysecrets
    import string

    from moto.cloudformation.parsing import get_model_map
    from moto.core.common_models import CloudFormationModel
    from moto.core.utils import pascal_to_camelcase, remap_nested_keys
    from moto.ecs.models import TaskDefinition, ecs_backends
    from moto.efs.models import AccessPoint
    from moto.secretsmanager.models import secretsmanager_backends

    if "AWS::SecretsManager::Secret" not in get_model_map():

        class CfnSecret(CloudFormationModel):  # noqa: F841 (registered as a subclass)
            # moto's model metaclass files every model under the service named by its module.
            __module__ = "moto.secretsmanager.cloudformation_shim"

            def __init__(self, arn: str, name: str, account_id: str, region: str):
                self.arn, self.name, self.account_id, self.region = arn, name, account_id, region

            @property
            def physical_resource_id(self) -> str:
                return self.arn  # Ref of AWS::SecretsManager::Secret is the ARN

            @staticmethod
            def cloudformation_name_type() -> str:
                return "Name"

            @staticmethod
            def cloudformation_type() -> str:
                return "AWS::SecretsManager::Secret"

            @classmethod
            def has_cfn_attr(cls, attr: str) -> bool:
                return attr == "Id"

            def get_cfn_attribute(self, attribute_name: str) -> str:
                return self.arn

            @classmethod
            def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                                region_name, **kwargs):
                props = cloudformation_json.get("Properties", {})
                secret_string = props.get("SecretString")
                gen = props.get("GenerateSecretString")
                if gen is not None:
                    alphabet = string.ascii_letters + string.digits
                    if not gen.get("ExcludePunctuation"):
                        alphabet += "!#$%&()*+,-.:;<=>?@[]^_{|}~"
                    value = "".join(pysecrets.choice(alphabet) for _ in range(int(gen.get("PasswordLength", 32))))
                    if "SecretStringTemplate" in gen:
                        doc = json.loads(gen["SecretStringTemplate"])
                        doc[gen["GenerateStringKey"]] = value
                        secret_string = json.dumps(doc)
                    else:
                        secret_string = value
                backend = secretsmanager_backends[account_id][region_name]
                name = props.get("Name", resource_name)
                result = json.loads(backend.create_secret(
                    name=name, secret_string=secret_string, secret_binary=None,
                    description=props.get("Description"), tags=props.get("Tags"),
                    kms_key_id=props.get("KmsKeyId"), client_request_token=None,
                    replica_regions=[], force_overwrite=False))
                return cls(result["ARN"], name, account_id, region_name)

            @classmethod
            def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id,
                                                region_name):
                secretsmanager_backends[account_id][region_name].delete_secret(
                    secret_id=resource_name, recovery_window_in_days=None, force_delete_without_recovery=True)

        get_model_map.cache_clear()
        from moto.cloudformation.parsing import get_model_list, get_name_type_map
        get_model_list.cache_clear()
        get_name_type_map.cache_clear()

    def volume_to_api(volume: dict) -> dict:
        out = {"name": volume["Name"]}
        efs = volume.get("EFSVolumeConfiguration")
        if efs:
            auth = efs.get("AuthorizationConfig", {})
            out["efsVolumeConfiguration"] = {
                k: v for k, v in {
                    "fileSystemId": efs.get("FilesystemId"),
                    "rootDirectory": efs.get("RootDirectory"),
                    "transitEncryption": efs.get("TransitEncryption"),
                    "authorizationConfig": {k2: v2 for k2, v2 in {
                        "accessPointId": auth.get("AccessPointId"), "iam": auth.get("IAM")}.items() if v2},
                }.items() if v}
        if "Host" in volume:
            out["host"] = remap_nested_keys(volume["Host"], pascal_to_camelcase)
        return out

    def create_task_definition(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        p = cloudformation_json["Properties"]
        return ecs_backends[account_id][region_name].register_task_definition(
            family=p.get("Family", resource_name),
            container_definitions=remap_nested_keys(p.get("ContainerDefinitions", []), pascal_to_camelcase),
            volumes=[volume_to_api(v) for v in p.get("Volumes", [])],
            network_mode=p.get("NetworkMode"),
            requires_compatibilities=p.get("RequiresCompatibilities"),
            cpu=p.get("Cpu"),
            memory=p.get("Memory"),
            task_role_arn=p.get("TaskRoleArn"),
            execution_role_arn=p.get("ExecutionRoleArn"),
            runtime_platform=remap_nested_keys(p["RuntimePlatform"], pascal_to_camelcase) if "RuntimePlatform" in p else None,
        )

    TaskDefinition.create_from_cloudformation_json = classmethod(create_task_definition)

    if not hasattr(AccessPoint, "physical_resource_id"):
        AccessPoint.physical_resource_id = property(lambda self: self.access_point_id)


def serve_moto(argv: list[str]) -> None:
    fill_moto_cloudformation_gaps()
    from moto.server import main
    main(argv)


# ------------------------------------------------------------------------------------------------
# the test
# ------------------------------------------------------------------------------------------------
class Checks:
    def __init__(self) -> None:
        self.passed = 0
        self.failed = 0

    def check(self, name: str, ok: bool, detail: object = "") -> bool:
        if ok:
            self.passed += 1
            print(f"ok   {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail != "" else ""))
        return ok

    def equal(self, name: str, actual: object, expected: object) -> bool:
        return self.check(name, actual == expected, f"got {actual!r}, expected {expected!r}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"moto server exited with {proc.returncode} before answering")
        try:
            with urllib.request.urlopen(url + "/moto-api/reset", data=b"", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"moto server did not answer on {url} within {seconds} s")


def load_template_tolerant(path: str) -> dict:
    """YAML with CloudFormation short tags (!Ref, !Sub, ...) read as {"Fn::X": value} / {"Ref": v}."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    def construct(loader, tag_suffix, node):
        name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if tag_suffix == "GetAtt":
                value = value.split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    Loader.add_multi_constructor("!", construct)
    with open(path) as f:
        return yaml.load(f, Loader=Loader)  # noqa: S506 (SafeLoader subclass)


def wildcard_actions(node: object, path: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("Action", "NotAction"):
                for a in (v if isinstance(v, list) else [v]):
                    if isinstance(a, str) and "*" in a:
                        found.append(f"{path}/{k}: {a}")
            found += wildcard_actions(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += wildcard_actions(v, f"{path}[{i}]")
    return found


def policy_document(reply: dict) -> dict:
    """GetRolePolicy's document: a dict from AWS (botocore decodes the URL-encoded JSON). moto 5.2.1
    stores the inline policies of a CloudFormation AWS::IAM::Role as Python's str(dict), so botocore
    hands back that text (single quotes, not JSON): read it as a Python literal then."""
    doc = reply["PolicyDocument"]
    if isinstance(doc, str):
        try:
            doc = json.loads(doc)
        except json.JSONDecodeError:
            doc = ast.literal_eval(doc)
    return doc


def run(c: Checks, endpoint: str) -> None:
    import boto3

    kw = dict(endpoint_url=endpoint, region_name=REGION,
              aws_access_key_id="testing", aws_secret_access_key="testing")
    ec2 = boto3.client("ec2", **kw)
    cfn = boto3.client("cloudformation", **kw)
    ecs = boto3.client("ecs", **kw)
    sm = boto3.client("secretsmanager", **kw)
    logs = boto3.client("logs", **kw)
    iam = boto3.client("iam", **kw)
    sagemaker = boto3.client("sagemaker", **kw)
    efs = boto3.client("efs", **kw)

    template = load_template_tolerant(TEMPLATE)
    c.equal("template has no wildcard action (Action/NotAction containing *)", wildcard_actions(template), [])

    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{i}.0/24", AvailabilityZone=f"{REGION}{az}")["Subnet"]["SubnetId"]
               for i, az in ((1, "a"), (2, "b"))]
    body = open(TEMPLATE).read()

    cases = [
        ("sentrade-svc", {"Mode": "service"}),
        ("sentrade-paused", {"Mode": "service", "RunnerEnabled": "false"}),
        ("sentrade-sched", {"Mode": "schedule", "CreateEndpoint": "true", "TradingMode": "live",
                            "EndpointModelDataUrl": "s3://models-bucket/sentrade/output/model.tar.gz",
                            "AlarmEmail": "ops@example.com", "Symbols": "SPY", "Policy": "hold"}),
    ]
    for stack, extra in cases:
        print(f"-- stack {stack} {extra}")
        params = {"ImageUri": IMAGE, "VpcId": vpc, "SubnetIds": ",".join(subnets), **extra}
        cfn.create_stack(StackName=stack, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"],
                         Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()])
        deadline = time.monotonic() + 60
        while True:
            st = cfn.describe_stacks(StackName=stack)["Stacks"][0]
            if not st["StackStatus"].endswith("_IN_PROGRESS") or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        if not c.equal(f"{stack}: CreateStack status", st["StackStatus"], "CREATE_COMPLETE"):
            for e in cfn.describe_stack_events(StackName=stack)["StackEvents"]:
                if "FAILED" in e["ResourceStatus"]:
                    print(f"     {e['LogicalResourceId']}: {e.get('ResourceStatusReason')}")
            continue
        outputs = {o["OutputKey"]: o["OutputValue"] for o in st.get("Outputs", [])}
        resources = {r["LogicalResourceId"]: r for r in cfn.list_stack_resources(StackName=stack)["StackResourceSummaries"]
                     if r["LogicalResourceId"]}
        phys = {k: r.get("PhysicalResourceId") for k, r in resources.items()}
        schedule = extra["Mode"] == "schedule"

        # cluster
        clusters = ecs.describe_clusters(clusters=[outputs.get("ClusterName", "?")])["clusters"]
        c.check(f"{stack}: ECS cluster {outputs.get('ClusterName')} exists", len(clusters) == 1 and clusters[0]["status"] == "ACTIVE", clusters)

        # secret
        secret_arn = outputs.get("SecretArn", "")
        c.check(f"{stack}: SecretArn output is a Secrets Manager ARN", secret_arn.startswith(f"arn:aws:secretsmanager:{REGION}:"), secret_arn)
        try:
            desc = sm.describe_secret(SecretId=secret_arn)
            c.equal(f"{stack}: secret name", desc["Name"], f"sentrade/{stack}/keys")
            c.equal(f"{stack}: secret encrypted with the stack key", desc.get("KmsKeyId"), phys.get("Key"))
            value = json.loads(sm.get_secret_value(SecretId=secret_arn)["SecretString"])
            c.equal(f"{stack}: secret JSON keys", sorted(value), sorted(SECRET_KEYS))
            c.check(f"{stack}: secret holds placeholders until filled",
                    value.get("APCA_API_KEY_ID") == "REPLACE_ME" and len(value.get("APCA_API_SECRET_KEY", "")) == 40, value.keys())
        except Exception as e:  # noqa: BLE001
            c.check(f"{stack}: secret exists", False, repr(e))

        # task definition
        td_arn = outputs.get("TaskDefinitionArn", "")
        td = ecs.describe_task_definition(taskDefinition=td_arn)["taskDefinition"]
        c.equal(f"{stack}: task definition family", td["family"], "sentrade-live")
        container = td["containerDefinitions"][0]
        c.equal(f"{stack}: container image", container.get("image"), IMAGE)
        live = extra.get("TradingMode") == "live"
        expected_cmd = ["live", "--live" if live else "--paper", "--confirm-live" if live else "--paper",
                        "--config", "/app/strategy.yaml", "--journal", "/data/journal.sqlite", "--health-port", "8081",
                        "--symbols", extra.get("Symbols", "AAPL,MSFT"), "--policy", extra.get("Policy", "sma:10,30")]
        if schedule:
            expected_cmd.append("--once")
        c.equal(f"{stack}: container command", container.get("command"), expected_cmd)
        c.equal(f"{stack}: secrets injected from the secret's JSON keys",
                sorted((s["name"], s["valueFrom"]) for s in container.get("secrets", [])),
                sorted((k, f"{secret_arn}:{k}::") for k in SECRET_KEYS))
        lc = container.get("logConfiguration", {})
        c.equal(f"{stack}: awslogs driver", lc.get("logDriver"), "awslogs")
        c.equal(f"{stack}: awslogs group is the stack's log group", lc.get("options", {}).get("awslogs-group"), outputs.get("LogGroupName"))
        c.equal(f"{stack}: awslogs stream prefix", lc.get("options", {}).get("awslogs-stream-prefix"), "live")
        c.equal(f"{stack}: awslogs region", lc.get("options", {}).get("awslogs-region"), REGION)
        task_role = iam.get_role(RoleName=phys.get("TaskRole", "?"))["Role"]["Arn"]
        exec_role = iam.get_role(RoleName=phys.get("ExecutionRole", "?"))["Role"]["Arn"]
        c.equal(f"{stack}: taskRoleArn is TaskRole", td.get("taskRoleArn"), task_role)
        c.equal(f"{stack}: executionRoleArn is ExecutionRole", td.get("executionRoleArn"), exec_role)
        c.check(f"{stack}: task and execution roles differ", td.get("taskRoleArn") != td.get("executionRoleArn"))
        c.equal(f"{stack}: Fargate sizing (cpu, memory, network mode)",
                (td.get("cpu"), td.get("memory"), td.get("networkMode"), td.get("requiresCompatibilities")),
                ("256", "512", "awsvpc", ["FARGATE"]))
        c.equal(f"{stack}: container runs as uid 10001 with a read-only root", (container.get("user"), container.get("readonlyRootFilesystem")), ("10001:10001", True))
        c.equal(f"{stack}: mounts", sorted((m["sourceVolume"], m["containerPath"]) for m in container.get("mountPoints", [])),
                [("journal", "/data"), ("tmp", "/tmp")])
        journal = next((v for v in td.get("volumes", []) if v["name"] == "journal"), {})
        efs_cfg = journal.get("efsVolumeConfiguration", {})
        c.equal(f"{stack}: journal volume is the stack's EFS with TLS and IAM through the access point",
                (efs_cfg.get("fileSystemId"), efs_cfg.get("transitEncryption"), efs_cfg.get("authorizationConfig")),
                (outputs.get("FileSystemId"), "ENABLED", {"accessPointId": phys.get("AccessPoint"), "iam": "ENABLED"}))
        aps = efs.describe_access_points(FileSystemId=outputs.get("FileSystemId", "?"))["AccessPoints"]
        c.check(f"{stack}: access point posix user 10001:10001",
                len(aps) == 1 and aps[0]["PosixUser"].get("Uid") in (10001, "10001") and aps[0]["AccessPointId"] == phys.get("AccessPoint"), aps)
        c.equal(f"{stack}: container health check", container.get("healthCheck", {}).get("command"),
                ["CMD", "/usr/local/bin/sentrade", "health", "--url", "http://127.0.0.1:8081/health"])

        # log group
        groups = logs.describe_log_groups(logGroupNamePrefix=outputs.get("LogGroupName", "?"))["logGroups"]
        c.check(f"{stack}: log group exists with 30-day retention", len(groups) == 1 and groups[0].get("retentionInDays") == 30, groups)

        # roles' policies name the secret (and the endpoint)
        exec_policy = policy_document(iam.get_role_policy(RoleName=phys["ExecutionRole"], PolicyName="sentrade-execution"))
        stmts = {s.get("Sid"): s for s in exec_policy["Statement"]}
        c.equal(f"{stack}: execution role reads only this secret", stmts.get("InjectSecrets", {}).get("Resource"), secret_arn)
        task_policy = policy_document(iam.get_role_policy(RoleName=phys["TaskRole"], PolicyName="sentrade-live"))
        tstmts = {s.get("Sid"): s for s in task_policy["Statement"] if s}
        c.equal(f"{stack}: task role reads only this secret", tstmts.get("ReadTheKeys", {}).get("Resource"), secret_arn)
        c.equal(f"{stack}: PutMetricData limited to namespace Sentrade",
                tstmts.get("MetricsInTheSentradeNamespace", {}).get("Condition"), {"StringEquals": {"cloudwatch:namespace": "Sentrade"}})

        # service vs schedule
        services = ecs.describe_services(cluster=outputs["ClusterName"], services=["sentrade-live"])["services"]
        if schedule:
            c.check(f"{stack}: no ECS service in schedule mode", "Service" not in resources and not services, services)
            c.check(f"{stack}: scheduler role exists in schedule mode", "SchedulerRole" in resources)
        else:
            want = 0 if extra.get("RunnerEnabled") == "false" else 1
            c.check(f"{stack}: ECS service with DesiredCount {want}", len(services) == 1 and services[0]["desiredCount"] == want, services)
            c.check(f"{stack}: no scheduler role in service mode", "SchedulerRole" not in resources)

        # optional endpoint
        if extra.get("CreateEndpoint") == "true":
            name = outputs.get("EndpointName", "none")
            try:
                ep = sagemaker.describe_endpoint(EndpointName=name)
                c.check(f"{stack}: SageMaker endpoint {name} exists", ep["EndpointName"] == name)
                c.equal(f"{stack}: task role may invoke exactly that endpoint",
                        tstmts.get("InvokeTheSentimentEndpoint", {}).get("Resource"), ep["EndpointArn"])
                model = sagemaker.describe_model(ModelName=phys["SentimentModel"].rsplit("/", 1)[-1])
                c.equal(f"{stack}: endpoint model runs the same image", model["PrimaryContainer"]["Image"], IMAGE)
            except Exception as e:  # noqa: BLE001
                c.check(f"{stack}: SageMaker endpoint exists", False, repr(e))
        else:
            c.equal(f"{stack}: EndpointName output without an endpoint", outputs.get("EndpointName"), "none")
            c.check(f"{stack}: no InvokeEndpoint permission without an endpoint", "InvokeTheSentimentEndpoint" not in tstmts)

    # deleting the stacks removes what they made
    for stack, _ in cases:
        cfn.delete_stack(StackName=stack)
    live = [s["StackName"] for s in cfn.list_stacks()["StackSummaries"] if s["StackStatus"] != "DELETE_COMPLETE"]
    c.equal("no stack left after DeleteStack", live, [])
    c.check("secrets deleted with their stacks", not sm.list_secrets()["SecretList"], sm.list_secrets()["SecretList"])


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--serve-moto":
        serve_moto(sys.argv[2:])
        return 0
    c = Checks()
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="moto-", suffix=".log", delete=False)
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_DEFAULT_REGION=REGION)
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--serve-moto", "-H", "127.0.0.1", "-p", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        import moto
        print(f"moto {moto.__version__} server on {endpoint} (pid {proc.pid})")
        wait_for(endpoint, proc, 30)
        run(c, endpoint)
    except Exception:  # noqa: BLE001
        c.check("test ran to the end", False, traceback.format_exc())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        if c.failed:
            with open(log.name, errors="replace") as f:
                tail = [line for line in f.read().splitlines() if '" 200 -' not in line][-40:]
            print("moto server log (tail):\n  " + "\n  ".join(tail))
        os.unlink(log.name)
    print(f"{c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
