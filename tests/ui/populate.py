"""Makes API calls against a running Junction with boto3, for the dashboard test.

usage: populate.py URL resources|call|error [ACCOUNT]
  resources  creates state in all four services (two accounts, two regions) and prints a JSON
             summary of the names it created
  call       one SSO Admin call (ListPermissionSets; prints the error a fault rule gave it)
  error      one failing SSO Admin call (DescribePermissionSet of an unknown permission set)
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
    sso.create_account_assignment(
        InstanceArn=instance, TargetId="333333333333", TargetType="AWS_ACCOUNT",
        PermissionSetArn=ps_arn, PrincipalType="USER",
        PrincipalId="a1b2c3d4-0000-4000-8000-00000000beef")
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

    finspace = client("finspace-data")
    user = finspace.create_user(emailAddress="quant@example.com", type="APP_USER",
                                firstName="Quinn", lastName="Quant")["userId"]
    group = finspace.create_permission_group(
        name="Researchers", applicationPermissions=["ViewAuditData"])["permissionGroupId"]
    finspace.associate_user_to_permission_group(permissionGroupId=group, userId=user)

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
    print(json.dumps({"permissionSet": "DashboardAdmins", "otherPermissionSet": "EuropeReadOnly",
                      "stack": "analytics-desktop", "appstreamUser": "ana@example.com",
                      "fleet": "analytics-fleet",
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


{"resources": resources, "call": call, "error": error}[SCENARIO]()
