"""Makes API calls against a running Junction with boto3, for the dashboard test.

usage: populate.py URL resources|call|error|outcome [ACCOUNT]
  resources  creates state in every service (two accounts, two regions) and prints a JSON
             summary of the names it created
  call       one SSO Admin call (ListPermissionSets; prints the error a fault rule gave it)
  error      one failing SSO Admin call (DescribePermissionSet of an unknown permission set)
  outcome    an account assignment whose creation request an outcome rule fails (prints its
             principal and request id)
"""
import json
import sys
import urllib.request

import boto3
from botocore.config import Config

URL, SCENARIO = sys.argv[1], sys.argv[2]
ACCOUNT = sys.argv[3] if len(sys.argv) > 3 else "111111111111"
OTHER = "222222222222"


def client(service, account=ACCOUNT, region="us-east-1"):
    return boto3.client(service, endpoint_url=URL, region_name=region,
                        aws_access_key_id=account, aws_secret_access_key="test",
                        config=Config(retries={"total_max_attempts": 1}))


def sso_instance(sso):
    return sso.list_instances()["Instances"][0]["InstanceArn"]


def resources():
    sso = client("sso-admin")
    instance = sso_instance(sso)
    ps = sso.create_permission_set(InstanceArn=instance, Name="DashboardAdmins",
                                   Description="Full access for the dashboard test",
                                   Tags=[{"Key": "team", "Value": "platform"}])
    ps_arn = ps["PermissionSet"]["PermissionSetArn"]
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=instance, PermissionSetArn=ps_arn,
        ManagedPolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    # A second account and region, for the selectors.
    other = client("sso-admin", account=OTHER, region="eu-west-1")
    other.create_permission_set(InstanceArn=sso_instance(other), Name="EuropeReadOnly")

    appstream = client("appstream")
    appstream.create_stack(Name="analytics-desktop", DisplayName="Analytics desktop",
                           Description="Stack for the analysts")
    appstream.create_user(UserName="ana@example.com", AuthenticationType="USERPOOL",
                          FirstName="Ana", LastName="Lopez")
    appstream.batch_associate_user_stack(UserStackAssociations=[{
        "StackName": "analytics-desktop", "UserName": "ana@example.com",
        "AuthenticationType": "USERPOOL"}])
    appstream.create_fleet(Name="analytics-fleet", InstanceType="stream.standard.small",
                           ImageName="AppStream-WinServer2022-11-10-2025",
                           ComputeCapacity={"DesiredInstances": 2})
    appstream.start_fleet(Name="analytics-fleet")
    appstream.associate_fleet(FleetName="analytics-fleet", StackName="analytics-desktop")
    appstream.create_directory_config(
        DirectoryName="corp.example.com",
        OrganizationalUnitDistinguishedNames=["OU=AppStream,DC=corp,DC=example,DC=com"],
        ServiceAccountCredentials={"AccountName": "CORP\\svc", "AccountPassword": "ui-s3cret"})
    appstream.create_image_builder(Name="analytics-builder", InstanceType="stream.standard.medium",
                                   ImageName="AppStream-WinServer2022-11-10-2025")

    finspace = client("finspace-data")
    user = finspace.create_user(emailAddress="quant@example.com", type="APP_USER",
                                firstName="Quinn", lastName="Quant")["userId"]
    group = finspace.create_permission_group(
        name="Researchers", applicationPermissions=["ViewAuditData"])["permissionGroupId"]
    finspace.associate_user_to_permission_group(permissionGroupId=group, userId=user)
    owners = finspace.create_permission_group(
        name="Owners", applicationPermissions=["CreateDataset"])["permissionGroupId"]
    dataset = finspace.create_dataset(datasetTitle="Equities", kind="TABULAR",
                                      permissionGroupParams={"permissionGroupId": owners})
    finspace.create_changeset(datasetId=dataset["datasetId"], changeType="REPLACE",
                              sourceParams={"s3SourcePath": "s3://landing/eq.csv",
                                            "sourceType": "S3"},
                              formatParams={"formatType": "CSV"})
    finspace.create_data_view(datasetId=dataset["datasetId"],
                              destinationTypeParams={"destinationType": "GLUE_TABLE"})

    lmus = client("license-manager-user-subscriptions")
    provider = {"ActiveDirectoryIdentityProvider": {"DirectoryId": "d-1234567890"}}
    lmus.register_identity_provider(IdentityProvider=provider,
                                    Product="VISUAL_STUDIO_ENTERPRISE")
    # EC2 instances have no API here: they come from a state import.
    rows = [{"account": ACCOUNT, "region": "us-east-1", "instance_id": "i-0dashboard000001",
             "products": json.dumps(["VISUAL_STUDIO_ENTERPRISE"])}]
    request = urllib.request.Request(
        URL + "/_junction/state", method="POST",
        data=json.dumps({"tables": {"lmus_instances": rows}}).encode(),
        headers={"Content-Type": "application/json"})
    urllib.request.urlopen(request).read()
    lmus.associate_user(Username="devuser", InstanceId="i-0dashboard000001",
                        IdentityProvider=provider)
    ids = client("identitystore")
    store = client("sso-admin").list_instances()["Instances"][0]["IdentityStoreId"]
    member = ids.create_user(IdentityStoreId=store, UserName="ines", DisplayName="Ines Costa",
                             Name={"GivenName": "Ines", "FamilyName": "Costa"})["UserId"]
    team = ids.create_group(IdentityStoreId=store, DisplayName="Platform team")["GroupId"]
    ids.create_group_membership(IdentityStoreId=store, GroupId=team, MemberId={"UserId": member})
    sso.create_account_assignment(
        InstanceArn=instance, TargetId="333333333333", TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps_arn, PrincipalType="GROUP", PrincipalId=team)
    # What is disassociated is gone: the dashboard shows what the API lists.
    lmus.associate_user(Username="formeruser", InstanceId="i-0dashboard000001",
                        IdentityProvider=provider)
    lmus.disassociate_user(Username="formeruser", InstanceId="i-0dashboard000001",
                           IdentityProvider=provider)
    rds = lmus.register_identity_provider(IdentityProvider=provider,
                                          Product="REMOTE_DESKTOP_SERVICES")
    lmus.create_license_server_endpoint(
        IdentityProviderArn=rds["IdentityProviderSummary"]["IdentityProviderArn"],
        LicenseServerSettings={"ServerType": "RDS_SAL", "ServerSettings": {"RdsSalSettings": {
            "RdsSalCredentialsProvider": {"SecretsManagerCredentialsProvider": {
                "SecretId": "rds-sal-admin"}}}}})
    print(json.dumps({"permissionSet": "DashboardAdmins", "otherPermissionSet": "EuropeReadOnly",
                      "identityUser": "ines", "identityGroup": "Platform team",
                      "stack": "analytics-desktop", "appstreamUser": "ana@example.com",
                      "fleet": "analytics-fleet", "imageBuilder": "analytics-builder",
                      "finspaceUser": "quant@example.com", "finspaceGroup": "Researchers",
                      "lmusUser": "devuser", "lmusInstance": "i-0dashboard000001"}))


def call():
    sso = client("sso-admin")
    instance = sso_instance(sso)
    try:
        sso.list_permission_sets(InstanceArn=instance)
    except sso.exceptions.ClientError as e:  # a fault rule may answer it
        print(json.dumps({"operation": "ListPermissionSets",
                          "errorType": e.response["Error"]["Code"]}))
        return
    print(json.dumps({"operation": "ListPermissionSets"}))


def error():
    sso = client("sso-admin")
    instance = sso_instance(sso)
    try:
        sso.describe_permission_set(
            InstanceArn=instance,
            PermissionSetArn=instance.replace(":instance/", ":permissionSet/") + "/ps-0000000000000000")
    except sso.exceptions.ClientError as e:
        print(json.dumps({"operation": "DescribePermissionSet",
                          "errorType": e.response["Error"]["Code"]}))
        return
    raise SystemExit("DescribePermissionSet unexpectedly succeeded")


def outcome():
    request = urllib.request.Request(
        URL + "/_junction/faults", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"service": "sso-admin", "operation": "CreateAccountAssignment",
                         "count": 1, "outcome": {"message": "IAM role quota reached"}}).encode())
    urllib.request.urlopen(request).read()
    sso = client("sso-admin")
    instance = sso.list_instances()["Instances"][0]
    user = client("identitystore").create_user(
        IdentityStoreId=instance["IdentityStoreId"], UserName="otto", DisplayName="Otto Berg",
        Name={"GivenName": "Otto", "FamilyName": "Berg"})["UserId"]
    ps = sso.create_permission_set(InstanceArn=instance["InstanceArn"], Name="QuotaTest")
    status = sso.create_account_assignment(
        InstanceArn=instance["InstanceArn"], TargetId="444444444444", TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps["PermissionSet"]["PermissionSetArn"], PrincipalType="USER",
        PrincipalId=user)["AccountAssignmentCreationStatus"]
    print(json.dumps({"principal": user, "asyncRequestId": status["RequestId"]}))


{"resources": resources, "call": call, "error": error, "outcome": outcome}[SCENARIO]()
