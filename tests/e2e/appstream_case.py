"""What the AppStream end-to-end tests share: a test case working in an account of its own, and
helpers that make fleets, stacks and the rest with few words."""

import copy
import json

from junction_harness import JunctionTestCase, fresh_account

SERVICE = "appstream"
WIN2022 = "AppStream-WinServer2022-11-10-2025"
WIN2019 = "AppStream-WinServer2019-11-10-2025"
RHEL8 = "AppStream-RHEL8-08-31-2026"
G4DN_2022 = "AppStream-Graphics-G4dn-WinServer2022-11-10-2025"
WITHDRAWN_AL2 = "AppStream-AmazonLinux2-09-21-2022"
SUBNETS = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
DIRECTORY = "corp.example.com"
OU = "OU=AppStream,DC=corp,DC=example,DC=com"
AMI = "ami-0123456789abcdef0"
ROLE = "arn:aws:iam::123456789012:role/appstream-import"
OFFICE = "Microsoft_Office_2024_LTSC_Professional_Plus_64Bit"
VISIO = "Microsoft_Visio_2024_LTSC_Professional_64Bit"


class AppStreamCase(JunctionTestCase):
    """Each test works in an account of its own, so it starts from empty state."""

    def setUp(self):
        self.account = fresh_account()
        self.c = self.client(SERVICE, access_key=self.account)

    def ok(self, operation, **params):
        resp = getattr(self.c, operation)(**params)
        self.assert_output_shape(SERVICE, operation, resp)
        return resp

    def arn(self, kind, name):
        return f"arn:aws:appstream:us-east-1:{self.account}:{kind}/{name}"

    # -- resources
    def create_stack(self, name, **params):
        return self.ok("create_stack", Name=name, **params)["Stack"]

    def create_fleet(self, name, **params):
        params.setdefault("InstanceType", "stream.standard.small")
        if params.get("FleetType") != "ELASTIC":
            if "ImageArn" not in params:
                params.setdefault("ImageName", WIN2022)
            params.setdefault("ComputeCapacity", {"DesiredInstances": 1})
        return self.ok("create_fleet", Name=name, **params)["Fleet"]

    def create_elastic_fleet(self, name, **params):
        params.setdefault("Platform", "WINDOWS_SERVER_2019")
        params.setdefault("MaxConcurrentSessions", 5)
        params.setdefault("VpcConfig", {"SubnetIds": SUBNETS})
        return self.create_fleet(name, FleetType="ELASTIC", **params)

    def fleet(self, name):
        return self.ok("describe_fleets", Names=[name])["Fleets"][0]

    def running_fleet(self, name, **params):
        """A fleet started (the server's delay is 0 unless the class sets one)."""
        self.create_fleet(name, **params)
        self.ok("start_fleet", Name=name)
        return self.fleet(name)

    def streaming_setup(self, stack="stack", fleet="fleet", **fleet_params):
        """A running fleet associated with a stack."""
        self.create_stack(stack)
        self.running_fleet(fleet, **fleet_params)
        self.ok("associate_fleet", FleetName=fleet, StackName=stack)

    def create_app_block(self, name, **params):
        params.setdefault("SourceS3Location", {"S3Bucket": "apps-bucket", "S3Key": f"{name}.vhdx"})
        params.setdefault("SetupScriptDetails", {
            "ScriptS3Location": {"S3Bucket": "apps-bucket", "S3Key": "setup.ps1"},
            "ExecutablePath": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "ExecutableParameters": "-File C:\\AppStream\\AppBlocks\\setup.ps1",
            "TimeoutInSeconds": 60})
        return self.ok("create_app_block", Name=name, **params)["AppBlock"]

    def create_application(self, name, app_block_arn, **params):
        params.setdefault("IconS3Location", {"S3Bucket": "apps-bucket", "S3Key": f"{name}.png"})
        params.setdefault("LaunchPath", f"C:\\Apps\\{name}.exe")
        params.setdefault("Platforms", ["WINDOWS_SERVER_2019"])
        params.setdefault("InstanceFamilies", ["GENERAL_PURPOSE"])
        return self.ok("create_application", Name=name, AppBlockArn=app_block_arn,
                       **params)["Application"]

    def create_image_builder(self, name, **params):
        params.setdefault("InstanceType", "stream.standard.medium")
        if "ImageArn" not in params:
            params.setdefault("ImageName", WIN2022)
        return self.ok("create_image_builder", Name=name, **params)["ImageBuilder"]

    def image_builder(self, name):
        return self.ok("describe_image_builders", Names=[name])["ImageBuilders"][0]

    def create_directory_config(self, name=DIRECTORY, ous=(OU,), **params):
        params.setdefault("ServiceAccountCredentials",
                          {"AccountName": "CORP\\svc-appstream", "AccountPassword": "Sup3r-S3cret!"})
        return self.ok_directory_config("create_directory_config", DirectoryName=name,
                                        OrganizationalUnitDistinguishedNames=list(ous),
                                        **params)["DirectoryConfig"]

    def ok_directory_config(self, operation, **params):
        """A directory config call, its answer checked against the model with the service
        account as AWS returns it: the account name without the password (which the model's
        shape requires, and AWS never returns)."""
        resp = getattr(self.c, operation)(**params)
        checked = copy.deepcopy(resp)
        checked.get("ResponseMetadata", {}).pop("Junction", None)  # the wire lacks it too
        configs = checked.get("DirectoryConfigs", []) + (
            [checked["DirectoryConfig"]] if "DirectoryConfig" in checked else [])
        for config in configs:
            credentials = config.get("ServiceAccountCredentials")
            if credentials is not None:
                self.assertEqual(set(credentials), {"AccountName"}, credentials)
                credentials["AccountPassword"] = "(not returned)"
        self.assert_output_shape(SERVICE, operation, checked)
        return resp

    def create_app_block_builder(self, name, **params):
        params.setdefault("Platform", "WINDOWS_SERVER_2019")
        params.setdefault("InstanceType", "stream.standard.large")
        params.setdefault("VpcConfig", {"SubnetIds": SUBNETS})
        return self.ok("create_app_block_builder", Name=name, **params)["AppBlockBuilder"]

    def imported_image(self, name, **params):
        """A private image of the account, made through CreateImportedImage (AVAILABLE at once
        unless the class's server has a delay)."""
        return self.ok("create_imported_image", Name=name, SourceAmiId=AMI, IamRoleArn=ROLE,
                       **params)["Image"]

    # -- the account's private images, as image builders would make them: seeded through the
    # control plane's state import
    def seed_private_image(self, name, state="AVAILABLE", **columns):
        row = {"account": self.account, "region": "us-east-1", "name": name,
               "arn": self.arn("image", name), "visibility": "PRIVATE",
               "platform": "WINDOWS_SERVER_2022",
               "base_image_arn": f"arn:aws:appstream:us-east-1::image/{WIN2022}",
               "image_builder_name": "builder", "image_builder_supported": 1,
               "supported_instance_families": json.dumps(["GENERAL_PURPOSE"]),
               "state_pending": state, "state_settled": state, "state_settles_at": 0,
               "created_at": 1767225600.0}
        row.update(columns)
        doc = {"version": 1, "tables": {"appstream_images": [row]}}
        resp = self.raw("POST", "/_junction/state", body=json.dumps(doc),
                        headers={"Content-Type": "application/json"})
        self.assertEqual(resp.status, 200, resp.body)


__all__ = ["AppStreamCase", "SERVICE", "WIN2022", "WIN2019", "RHEL8", "G4DN_2022",
           "WITHDRAWN_AL2", "SUBNETS", "DIRECTORY", "OU", "AMI", "ROLE", "OFFICE", "VISIO",
           "fresh_account"]
