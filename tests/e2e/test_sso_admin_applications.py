"""SSO Admin applications through boto3: the provider catalogue, applications, application
assignments, the assignment and session configurations, access scopes, authentication methods,
grants, their tags, pagination, isolation and the control plane
(docs/sso-admin-applications.md). Each test runs in a fresh account."""

import json
import re
import unittest
import uuid

from junction_harness import fresh_account, http_request
from test_sso_admin import (SVC, SsoTestCase, assert_recent, instance_id, principal,
                            unknown_instance_arn)

CUSTOM = "arn:aws:sso::aws:applicationProvider/custom"
CUSTOM_SAML = "arn:aws:sso::aws:applicationProvider/custom-saml"
REDSHIFT = "arn:aws:sso::aws:applicationProvider/Redshift"
APP_ARN_RE = re.compile(
    r"^arn:aws:sso::(\d{12}):application/(ssoins-[0-9a-f]{16})/apl-[0-9a-f]{16}$")
JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
POLICY = {"Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                         "Action": "sso-oauth:CreateTokenWithIAM", "Resource": "*"}]}


def oidc(url="https://issuer.example.com"):
    return {"OidcJwtConfiguration": {"IssuerUrl": url, "ClaimAttributePath": "email",
                                     "IdentityStoreAttributePath": "emails.value",
                                     "JwksRetrievalOption": "OPEN_ID_DISCOVERY"}}


class ApplicationTestCase(SsoTestCase):
    """Helpers that check every response's shape."""

    def call(self, operation, sso=None, **params):
        method = re.sub(r"(?<!^)(?=[A-Z])", "_", operation).lower()
        resp = getattr(sso or self.sso, method)(**params)
        self.assert_output_shape(SVC, operation, resp)
        return resp

    def create_app(self, name=None, sso=None, instance_arn=None, **extra):
        resp = self.call("CreateApplication", sso=sso,
                         InstanceArn=instance_arn or self.instance_arn,
                         ApplicationProviderArn=extra.pop("ApplicationProviderArn", CUSTOM),
                         Name=name or f"app-{uuid.uuid4().hex[:8]}", **extra)
        self.assertRegex(resp["ApplicationArn"], APP_ARN_RE)
        return resp["ApplicationArn"]

    def describe_app(self, arn, sso=None):
        resp = self.call("DescribeApplication", sso=sso, ApplicationArn=arn)
        return {k: v for k, v in resp.items() if k != "ResponseMetadata"}

    def list_apps(self, **extra):
        return self.call("ListApplications", InstanceArn=self.instance_arn, **extra)

    def create_issuer(self, name=None, url=None, **extra):
        resp = self.call("CreateTrustedTokenIssuer", InstanceArn=self.instance_arn,
                         Name=name or f"tti-{uuid.uuid4().hex[:8]}",
                         TrustedTokenIssuerType="OIDC_JWT",
                         TrustedTokenIssuerConfiguration=oidc(
                             url or f"https://{uuid.uuid4().hex[:8]}.example.com"),
                         **extra)
        return resp["TrustedTokenIssuerArn"]

    def unknown_app_arn(self):
        return (f"arn:aws:sso::{self.account}:application/{instance_id(self.instance_arn)}"
                f"/apl-{uuid.uuid4().hex[:16]}")


# --------------------------------------------------------------------------- providers

class TestApplicationProviders(ApplicationTestCase):
    def test_catalogue(self):
        providers = self.call("ListApplicationProviders")["ApplicationProviders"]
        by_arn = {p["ApplicationProviderArn"]: p for p in providers}
        self.assertEqual(by_arn[CUSTOM]["FederationProtocol"], "OAUTH")
        self.assertEqual(by_arn[CUSTOM_SAML]["FederationProtocol"], "SAML")
        self.assertIn("DisplayName", by_arn[CUSTOM]["DisplayData"])
        self.assertIn("redshift:connect", by_arn[REDSHIFT]["ResourceServerConfig"]["Scopes"])

    def test_catalogue_is_paginated(self):
        whole = self.call("ListApplicationProviders")["ApplicationProviders"]
        paged, pages = self.paginate(self.sso, "list_application_providers",
                                     "ApplicationProviders", 1, SVC)
        self.assertEqual(paged, whole)
        self.assertEqual(pages, len(whole))

    def test_describe(self):
        resp = self.call("DescribeApplicationProvider", ApplicationProviderArn=REDSHIFT)
        self.assertEqual(resp["ApplicationProviderArn"], REDSHIFT)
        self.assertEqual(resp["FederationProtocol"], "OAUTH")
        scope = resp["ResourceServerConfig"]["Scopes"]["redshift:connect"]
        self.assertTrue(scope["DetailedTitle"] and scope["LongDescription"])

    def test_describe_unknown(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_application_provider(
                ApplicationProviderArn="arn:aws:sso::aws:applicationProvider/no-such-provider")


# --------------------------------------------------------------------------- applications

class TestApplications(ApplicationTestCase):
    def test_create_and_describe(self):
        resp = self.call("CreateApplication", InstanceArn=self.instance_arn,
                         ApplicationProviderArn=CUSTOM, Name="Portal")
        arn = resp["ApplicationArn"]
        account, ins = APP_ARN_RE.match(arn).groups()
        self.assertEqual((account, ins), (self.account, instance_id(self.instance_arn)))
        store = self.instance()["IdentityStoreId"]
        store_arn = f"arn:aws:identitystore::{self.account}:identitystore/{store}"
        self.assertEqual(resp["InstanceArn"], self.instance_arn)
        self.assertEqual(resp["IdentityStoreArn"], store_arn)
        app = self.describe_app(arn)
        created = app.pop("CreatedDate")
        self.assertEqual(app, {
            "ApplicationArn": arn, "ApplicationProviderArn": CUSTOM, "Name": "Portal",
            "ApplicationAccount": self.account, "InstanceArn": self.instance_arn,
            "IdentityStoreArn": store_arn, "Status": "ENABLED",
            "PortalOptions": {"Visibility": "ENABLED"}, "CreatedFrom": "us-east-1"})
        assert_recent(self, created)

    def test_members_given_are_echoed(self):
        options = {"SignInOptions": {"Origin": "APPLICATION",
                                     "ApplicationUrl": "https://app.example.com/start"},
                   "Visibility": "DISABLED"}
        arn = self.create_app(name="Echo", Description="An app", Status="DISABLED",
                              PortalOptions=options)
        app = self.describe_app(arn)
        self.assertEqual(app["Description"], "An app")
        self.assertEqual(app["Status"], "DISABLED")
        self.assertEqual(app["PortalOptions"], options)

    def test_unknown_instance(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_application(InstanceArn=unknown_instance_arn(),
                                        ApplicationProviderArn=CUSTOM, Name="x")
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_applications(InstanceArn=unknown_instance_arn())

    def test_unknown_provider(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.create_application(
                InstanceArn=self.instance_arn, Name="x",
                ApplicationProviderArn="arn:aws:sso::aws:applicationProvider/no-such-provider")

    def test_providers_not_created_through_the_api(self):
        for provider in (CUSTOM_SAML, REDSHIFT):
            with self.subTest(provider):
                with self.assert_client_error("ValidationException",
                                              message_contains="is not supported for this action"):
                    self.sso.create_application(InstanceArn=self.instance_arn, Name="x",
                                                ApplicationProviderArn=provider)
        self.assertEqual(self.list_apps()["Applications"], [])

    def test_application_url_needed_for_application_origin(self):
        with self.assert_client_error("ValidationException", message_contains="ApplicationUrl"):
            self.sso.create_application(
                InstanceArn=self.instance_arn, ApplicationProviderArn=CUSTOM, Name="x",
                PortalOptions={"SignInOptions": {"Origin": "APPLICATION"}})
        arn = self.create_app()
        with self.assert_client_error("ValidationException", message_contains="ApplicationUrl"):
            self.sso.update_application(
                ApplicationArn=arn, PortalOptions={"SignInOptions": {"Origin": "APPLICATION"}})

    def test_client_token_retry_returns_the_same_application(self):
        params = dict(InstanceArn=self.instance_arn, ApplicationProviderArn=CUSTOM, Name="Once",
                      ClientToken="token-1")
        first = self.call("CreateApplication", **params)["ApplicationArn"]
        again = self.call("CreateApplication", **params)["ApplicationArn"]
        self.assertEqual(first, again)
        self.assertEqual(len(self.list_apps()["Applications"]), 1)
        with self.assert_client_error("ConflictException", message_contains="token-1"):
            self.sso.create_application(**dict(params, Name="Other"))
        # Calls without a token of their own get one from botocore: always a new application.
        self.assertNotEqual(self.create_app(name="Once"), self.create_app(name="Once"))

    def test_tags_at_creation_and_their_quota(self):
        arn = self.create_app(Tags=[{"Key": "team", "Value": "blue"}])
        resp = self.call("ListTagsForResource", ResourceArn=arn, InstanceArn=self.instance_arn)
        self.assertEqual(resp["Tags"], [{"Key": "team", "Value": "blue"}])
        with self.assert_client_error("ServiceQuotaExceededException"):
            self.sso.create_application(
                InstanceArn=self.instance_arn, ApplicationProviderArn=CUSTOM, Name="many",
                Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
        self.assertEqual(len(self.list_apps()["Applications"]), 1)

    def test_update_changes_only_the_members_given(self):
        options = {"SignInOptions": {"Origin": "IDENTITY_CENTER"}, "Visibility": "DISABLED"}
        arn = self.create_app(name="Before", Description="kept", PortalOptions=options)
        self.call("UpdateApplication", ApplicationArn=arn, Name="After")
        app = self.describe_app(arn)
        self.assertEqual((app["Name"], app["Description"], app["Status"]),
                         ("After", "kept", "ENABLED"))
        self.assertEqual(app["PortalOptions"], options)
        self.call("UpdateApplication", ApplicationArn=arn, Status="DISABLED",
                  PortalOptions={"SignInOptions": {"Origin": "APPLICATION",
                                                   "ApplicationUrl": "https://x.example.com"}})
        app = self.describe_app(arn)
        self.assertEqual(app["Status"], "DISABLED")
        # Visibility is not part of an update's PortalOptions: it stays as it was.
        self.assertEqual(app["PortalOptions"], {
            "Visibility": "DISABLED",
            "SignInOptions": {"Origin": "APPLICATION", "ApplicationUrl": "https://x.example.com"}})
        self.call("UpdateApplication", ApplicationArn=arn)
        self.assertEqual(self.describe_app(arn), app)

    def test_unknown_application(self):
        arn = self.unknown_app_arn()
        for method, extra in (("describe_application", {}), ("update_application", {"Name": "x"}),
                              ("delete_application", {})):
            with self.subTest(method):
                with self.assert_client_error("ResourceNotFoundException", message_contains=arn):
                    getattr(self.sso, method)(ApplicationArn=arn, **extra)

    def test_delete_takes_everything_with_it(self):
        arn = self.create_app(Tags=[{"Key": "a", "Value": "1"}])
        user = self.principal()
        self.sso.create_application_assignment(ApplicationArn=arn, PrincipalType="USER",
                                               PrincipalId=user)
        self.sso.put_application_access_scope(ApplicationArn=arn, Scope="sso:account:access")
        self.sso.put_application_grant(ApplicationArn=arn, GrantType="refresh_token",
                                       Grant={"RefreshToken": {}})
        self.sso.put_application_authentication_method(
            ApplicationArn=arn, AuthenticationMethodType="IAM",
            AuthenticationMethod={"Iam": {"ActorPolicy": POLICY}})
        resp = self.call("DeleteApplication", ApplicationArn=arn)
        self.assertEqual({k: v for k, v in resp.items() if k != "ResponseMetadata"}, {})
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_application(ApplicationArn=arn)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_tags_for_resource(ResourceArn=arn)
        for_user = self.call("ListApplicationAssignmentsForPrincipal",
                             InstanceArn=self.instance_arn, PrincipalType="USER",
                             PrincipalId=user)
        self.assertEqual(for_user["ApplicationAssignments"], [])
        self.assertEqual(self.list_apps()["Applications"], [])
        state = http_request(self.url, "GET", f"/_junction/state?account={self.account}").json()
        for table in ("sso_applications", "sso_application_assignments",
                      "sso_application_access_scopes", "sso_application_grants",
                      "sso_application_authentication_methods"):
            self.assertEqual(state["tables"].get(table, []), [], table)

    def test_list_is_paginated_in_creation_order(self):
        arns = [self.create_app(name=f"app-{i}") for i in range(5)]
        listed, pages = self.paginate(self.sso, "list_applications", "Applications", 2, SVC,
                                      InstanceArn=self.instance_arn)
        self.assertEqual([a["ApplicationArn"] for a in listed], arns)
        self.assertEqual(pages, 3)
        self.assertEqual(listed[0], self.describe_app(arns[0]))

    def test_list_pages_hold_at_most_fifty(self):
        for i in range(51):
            self.create_app(name=f"app-{i}")
        page = self.list_apps(MaxResults=100)
        self.assertEqual(len(page["Applications"]), 50)
        rest = self.list_apps(MaxResults=100, NextToken=page["NextToken"])
        self.assertEqual(len(rest["Applications"]), 1)
        self.assertNotIn("NextToken", rest)

    def test_list_filters(self):
        arn = self.create_app()
        by_provider = self.list_apps(Filter={"ApplicationProvider": CUSTOM})["Applications"]
        self.assertEqual([a["ApplicationArn"] for a in by_provider], [arn])
        self.assertEqual(self.list_apps(Filter={"ApplicationProvider": REDSHIFT})["Applications"],
                         [])
        mine = self.list_apps(Filter={"ApplicationAccount": self.account})["Applications"]
        self.assertEqual([a["ApplicationArn"] for a in mine], [arn])
        self.assertEqual(self.list_apps(Filter={"ApplicationAccount": "999999999999"})
                         ["Applications"], [])

    def test_bad_token(self):
        with self.assert_client_error("ValidationException"):
            self.sso.list_applications(InstanceArn=self.instance_arn, NextToken="not-ours")

    def test_server_side_validation(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="name"):
            loose.create_application(InstanceArn=self.instance_arn, ApplicationProviderArn=CUSTOM,
                                     Name="x" * 101)
        with self.assert_client_error("ValidationException", message_contains="applicationArn"):
            loose.describe_application(ApplicationArn="arn:aws:sso::1:application/bad")

    def test_accounts_and_regions_are_isolated(self):
        arn = self.create_app()
        other = self.client(SVC, access_key=fresh_account())
        with self.assert_client_error("ResourceNotFoundException"):
            other.describe_application(ApplicationArn=arn)
        west = self.client(SVC, region="us-west-2", access_key=self.account)
        with self.assert_client_error("ResourceNotFoundException"):
            west.describe_application(ApplicationArn=arn)
        west_instance = self.instance(west)["InstanceArn"]
        self.assertEqual(self.call("ListApplications", sso=west, InstanceArn=west_instance)
                         ["Applications"], [])
        west_arn = self.create_app(sso=west, instance_arn=west_instance)
        self.assertEqual(self.describe_app(west_arn, sso=west)["CreatedFrom"], "us-west-2")

    def test_tag_and_untag(self):
        arn = self.create_app()
        self.call("TagResource", ResourceArn=arn, InstanceArn=self.instance_arn,
                  Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        self.call("UntagResource", ResourceArn=arn, TagKeys=["a"])
        self.assertEqual(self.call("ListTagsForResource", ResourceArn=arn)["Tags"],
                         [{"Key": "b", "Value": "2"}])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.tag_resource(ResourceArn=self.unknown_app_arn(),
                                  Tags=[{"Key": "a", "Value": "1"}])


# --------------------------------------------------------------------------- assignments

class TestApplicationAssignments(ApplicationTestCase):
    def setUp(self):
        super().setUp()
        self.app = self.create_app()

    def key(self, principal_id, principal_type="USER", app=None):
        return dict(ApplicationArn=app or self.app, PrincipalType=principal_type,
                    PrincipalId=principal_id)

    def test_create_describe_list_delete(self):
        user, group = self.principal(), self.principal("GROUP")
        self.call("CreateApplicationAssignment", **self.key(user))
        self.call("CreateApplicationAssignment", **self.key(group, "GROUP"))
        described = self.call("DescribeApplicationAssignment", **self.key(group, "GROUP"))
        self.assertEqual({k: v for k, v in described.items() if k != "ResponseMetadata"},
                         self.key(group, "GROUP"))
        listed = self.call("ListApplicationAssignments", ApplicationArn=self.app)
        self.assertCountEqual(listed["ApplicationAssignments"],
                              [self.key(user), self.key(group, "GROUP")])
        self.call("DeleteApplicationAssignment", **self.key(user))
        listed = self.call("ListApplicationAssignments", ApplicationArn=self.app)
        self.assertEqual(listed["ApplicationAssignments"], [self.key(group, "GROUP")])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_application_assignment(**self.key(user))

    def test_assigning_twice_keeps_one_assignment(self):
        user = self.principal()
        self.call("CreateApplicationAssignment", **self.key(user))
        self.call("CreateApplicationAssignment", **self.key(user))
        listed = self.call("ListApplicationAssignments", ApplicationArn=self.app)
        self.assertEqual(listed["ApplicationAssignments"], [self.key(user)])

    def test_a_principal_missing_from_the_identity_store_is_not_assigned(self):
        # Application assignments are made at once: the call fails (docs/sso-admin.md).
        for kind, pid in (("USER", principal()), ("GROUP", principal()),
                          ("USER", f"{uuid.uuid4().hex[:10]}-{principal()}")):
            with self.assert_client_error("ResourceNotFoundException"):
                self.sso.create_application_assignment(**self.key(pid, kind))
        listed = self.call("ListApplicationAssignments", ApplicationArn=self.app)
        self.assertEqual(listed["ApplicationAssignments"], [])

    def test_a_user_has_the_application_access_of_its_groups(self):
        user, group = self.principal(), self.principal("GROUP")
        ids = self.client("identitystore", access_key=self.account)
        ids.create_group_membership(IdentityStoreId=self.instance()["IdentityStoreId"],
                                    GroupId=group, MemberId={"UserId": user})
        other_app = self.create_app()
        self.call("CreateApplicationAssignment", **self.key(group, "GROUP"))
        self.call("CreateApplicationAssignment", **self.key(user, app=other_app))
        listed = self.call("ListApplicationAssignmentsForPrincipal", InstanceArn=self.instance_arn,
                           PrincipalType="USER", PrincipalId=user)["ApplicationAssignments"]
        self.assertCountEqual(listed, [self.key(group, "GROUP"), self.key(user, app=other_app)])

    def test_missing_assignment(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_application_assignment(**self.key(principal()))
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_application_assignment(**self.key(principal()))

    def test_unknown_application(self):
        arn = self.unknown_app_arn()
        for method in ("create_application_assignment", "delete_application_assignment",
                       "describe_application_assignment"):
            with self.subTest(method):
                with self.assert_client_error("ResourceNotFoundException"):
                    getattr(self.sso, method)(**self.key(principal(), app=arn))
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_application_assignments(ApplicationArn=arn)

    def test_list_is_paginated(self):
        users = [self.principal() for _ in range(5)]
        for user in users:
            self.sso.create_application_assignment(**self.key(user))
        listed, pages = self.paginate(self.sso, "list_application_assignments",
                                      "ApplicationAssignments", 2, SVC, ApplicationArn=self.app)
        self.assertCountEqual([a["PrincipalId"] for a in listed], users)
        self.assertEqual(pages, 3)

    def test_for_principal(self):
        user, other_app = self.principal(), self.create_app()
        for app in (self.app, other_app):
            self.sso.create_application_assignment(**self.key(user, app=app))
        self.sso.create_application_assignment(**self.key(self.principal("GROUP"), "GROUP"))
        params = dict(InstanceArn=self.instance_arn, PrincipalType="USER", PrincipalId=user)
        listed, _ = self.paginate(self.sso, "list_application_assignments_for_principal",
                                  "ApplicationAssignments", 1, SVC, **params)
        self.assertCountEqual(listed, [self.key(user, app=a) for a in (self.app, other_app)])
        filtered = self.call("ListApplicationAssignmentsForPrincipal",
                             Filter={"ApplicationArn": other_app}, **params)
        self.assertEqual(filtered["ApplicationAssignments"], [self.key(user, app=other_app)])
        nobody = self.call("ListApplicationAssignmentsForPrincipal",
                           **dict(params, PrincipalId=principal()))
        self.assertEqual(nobody["ApplicationAssignments"], [])
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_application_assignments_for_principal(
                **dict(params, InstanceArn=unknown_instance_arn()))


# --------------------------------------------------------------------------- configurations

class TestApplicationConfigurations(ApplicationTestCase):
    def setUp(self):
        super().setUp()
        self.app = self.create_app()

    def test_assignment_required_by_default(self):
        resp = self.call("GetApplicationAssignmentConfiguration", ApplicationArn=self.app)
        self.assertIs(resp["AssignmentRequired"], True)
        self.call("PutApplicationAssignmentConfiguration", ApplicationArn=self.app,
                  AssignmentRequired=False)
        resp = self.call("GetApplicationAssignmentConfiguration", ApplicationArn=self.app)
        self.assertIs(resp["AssignmentRequired"], False)

    def test_user_background_sessions(self):
        get = lambda: self.call("GetApplicationSessionConfiguration", ApplicationArn=self.app)[
            "UserBackgroundSessionApplicationStatus"]
        self.assertEqual(get(), "DISABLED")
        self.call("PutApplicationSessionConfiguration", ApplicationArn=self.app,
                  UserBackgroundSessionApplicationStatus="ENABLED")
        self.assertEqual(get(), "ENABLED")
        self.call("PutApplicationSessionConfiguration", ApplicationArn=self.app)
        self.assertEqual(get(), "ENABLED")

    def test_configurations_leave_the_application_alone(self):
        before = self.describe_app(self.app)
        self.sso.put_application_assignment_configuration(ApplicationArn=self.app,
                                                          AssignmentRequired=False)
        self.sso.put_application_session_configuration(
            ApplicationArn=self.app, UserBackgroundSessionApplicationStatus="ENABLED")
        self.assertEqual(self.describe_app(self.app), before)

    def test_unknown_application(self):
        arn = self.unknown_app_arn()
        calls = (("get_application_assignment_configuration", {}),
                 ("put_application_assignment_configuration", {"AssignmentRequired": True}),
                 ("get_application_session_configuration", {}),
                 ("put_application_session_configuration",
                  {"UserBackgroundSessionApplicationStatus": "ENABLED"}))
        for method, extra in calls:
            with self.subTest(method):
                with self.assert_client_error("ResourceNotFoundException"):
                    getattr(self.sso, method)(ApplicationArn=arn, **extra)


# --------------------------------------------------------------------------- access scopes

class TestApplicationAccessScopes(ApplicationTestCase):
    def setUp(self):
        super().setUp()
        self.app = self.create_app()

    def test_put_get_list_delete(self):
        self.call("PutApplicationAccessScope", ApplicationArn=self.app, Scope="sso:account:access",
                  AuthorizedTargets=[self.app])
        self.call("PutApplicationAccessScope", ApplicationArn=self.app, Scope="redshift:connect")
        resp = self.call("GetApplicationAccessScope", ApplicationArn=self.app,
                         Scope="sso:account:access")
        self.assertEqual(resp["AuthorizedTargets"], [self.app])
        resp = self.call("GetApplicationAccessScope", ApplicationArn=self.app,
                         Scope="redshift:connect")
        self.assertNotIn("AuthorizedTargets", resp)
        listed = self.call("ListApplicationAccessScopes", ApplicationArn=self.app)["Scopes"]
        self.assertEqual(listed, [{"Scope": "redshift:connect"},
                                  {"Scope": "sso:account:access", "AuthorizedTargets": [self.app]}])
        self.call("DeleteApplicationAccessScope", ApplicationArn=self.app,
                  Scope="redshift:connect")
        listed = self.call("ListApplicationAccessScopes", ApplicationArn=self.app)["Scopes"]
        self.assertEqual([s["Scope"] for s in listed], ["sso:account:access"])

    def test_put_replaces_the_targets(self):
        other = self.create_app()
        for targets in ([self.app], [other, self.instance_arn]):
            self.sso.put_application_access_scope(ApplicationArn=self.app, Scope="s3:access_grants",
                                                  AuthorizedTargets=targets)
            resp = self.call("GetApplicationAccessScope", ApplicationArn=self.app,
                             Scope="s3:access_grants")
            self.assertEqual(resp["AuthorizedTargets"], targets)

    def test_missing_scope(self):
        with self.assert_client_error("ResourceNotFoundException", message_contains="qapps:access"):
            self.sso.get_application_access_scope(ApplicationArn=self.app, Scope="qapps:access")
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_application_access_scope(ApplicationArn=self.app, Scope="qapps:access")

    def test_list_is_paginated(self):
        scopes = [f"scope{i:02}" for i in range(12)]
        for scope in scopes:
            self.sso.put_application_access_scope(ApplicationArn=self.app, Scope=scope)
        first = self.call("ListApplicationAccessScopes", ApplicationArn=self.app)
        self.assertEqual(len(first["Scopes"]), 10)
        listed, pages = self.paginate(self.sso, "list_application_access_scopes", "Scopes", 5,
                                      SVC, ApplicationArn=self.app)
        self.assertEqual([s["Scope"] for s in listed], scopes)
        self.assertEqual(pages, 3)

    def test_scope_names_the_model_refuses(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException", message_contains="scope"):
            loose.put_application_access_scope(ApplicationArn=self.app, Scope="bad scope!")

    def test_unknown_application(self):
        arn = self.unknown_app_arn()
        for method, extra in (("put_application_access_scope", {"Scope": "a"}),
                              ("get_application_access_scope", {"Scope": "a"}),
                              ("delete_application_access_scope", {"Scope": "a"}),
                              ("list_application_access_scopes", {})):
            with self.subTest(method):
                with self.assert_client_error("ResourceNotFoundException"):
                    getattr(self.sso, method)(ApplicationArn=arn, **extra)


# --------------------------------------------------------------------------- authentication methods

class TestApplicationAuthenticationMethods(ApplicationTestCase):
    def setUp(self):
        super().setUp()
        self.app = self.create_app()
        self.method = dict(ApplicationArn=self.app, AuthenticationMethodType="IAM")

    def test_put_get_list_delete(self):
        self.call("PutApplicationAuthenticationMethod",
                  AuthenticationMethod={"Iam": {"ActorPolicy": POLICY}}, **self.method)
        resp = self.call("GetApplicationAuthenticationMethod", **self.method)
        self.assertEqual(resp["AuthenticationMethod"], {"Iam": {"ActorPolicy": POLICY}})
        listed = self.call("ListApplicationAuthenticationMethods", ApplicationArn=self.app)
        self.assertEqual(listed["AuthenticationMethods"], [
            {"AuthenticationMethodType": "IAM",
             "AuthenticationMethod": {"Iam": {"ActorPolicy": POLICY}}}])
        replaced = dict(POLICY, Statement=[dict(POLICY["Statement"][0], Effect="Deny")])
        self.call("PutApplicationAuthenticationMethod",
                  AuthenticationMethod={"Iam": {"ActorPolicy": replaced}}, **self.method)
        resp = self.call("GetApplicationAuthenticationMethod", **self.method)
        self.assertEqual(resp["AuthenticationMethod"]["Iam"]["ActorPolicy"], replaced)
        self.call("DeleteApplicationAuthenticationMethod", **self.method)
        listed = self.call("ListApplicationAuthenticationMethods", ApplicationArn=self.app)
        self.assertEqual(listed["AuthenticationMethods"], [])

    def test_missing_method(self):
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.get_application_authentication_method(**self.method)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_application_authentication_method(**self.method)

    def test_the_union_needs_its_member(self):
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException"):
            loose.put_application_authentication_method(AuthenticationMethod={}, **self.method)

    def test_unknown_application(self):
        method = dict(self.method, ApplicationArn=self.unknown_app_arn())
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.put_application_authentication_method(
                AuthenticationMethod={"Iam": {"ActorPolicy": POLICY}}, **method)
        for name in ("get_application_authentication_method",
                     "delete_application_authentication_method"):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.sso, name)(**method)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_application_authentication_methods(
                ApplicationArn=method["ApplicationArn"])


# --------------------------------------------------------------------------- grants

class TestApplicationGrants(ApplicationTestCase):
    def setUp(self):
        super().setUp()
        self.app = self.create_app()

    def grants(self):
        issuer = self.create_issuer()
        return {
            "authorization_code": {"AuthorizationCode": {
                "RedirectUris": ["https://app.example.com/callback"]}},
            "refresh_token": {"RefreshToken": {}},
            JWT_BEARER: {"JwtBearer": {"AuthorizedTokenIssuers": [
                {"TrustedTokenIssuerArn": issuer, "AuthorizedAudiences": ["my-client"]}]}},
            TOKEN_EXCHANGE: {"TokenExchange": {}},
        }

    def test_every_grant_type(self):
        grants = self.grants()
        for grant_type, grant in grants.items():
            self.call("PutApplicationGrant", ApplicationArn=self.app, GrantType=grant_type,
                      Grant=grant)
            resp = self.call("GetApplicationGrant", ApplicationArn=self.app, GrantType=grant_type)
            self.assertEqual(resp["Grant"], grant)
        listed = self.call("ListApplicationGrants", ApplicationArn=self.app)["Grants"]
        self.assertEqual({g["GrantType"]: g["Grant"] for g in listed}, grants)
        self.call("DeleteApplicationGrant", ApplicationArn=self.app, GrantType="refresh_token")
        listed = self.call("ListApplicationGrants", ApplicationArn=self.app)["Grants"]
        self.assertNotIn("refresh_token", [g["GrantType"] for g in listed])
        self.assertEqual(len(listed), 3)

    def test_put_replaces(self):
        for uri in ("https://one.example.com/cb", "https://two.example.com/cb"):
            self.sso.put_application_grant(ApplicationArn=self.app, GrantType="authorization_code",
                                           Grant={"AuthorizationCode": {"RedirectUris": [uri]}})
        resp = self.call("GetApplicationGrant", ApplicationArn=self.app,
                         GrantType="authorization_code")
        self.assertEqual(resp["Grant"]["AuthorizationCode"]["RedirectUris"],
                         ["https://two.example.com/cb"])

    def test_grant_must_match_its_type(self):
        with self.assert_client_error("ValidationException", message_contains="Grant.RefreshToken"):
            self.sso.put_application_grant(ApplicationArn=self.app, GrantType="refresh_token",
                                           Grant={"TokenExchange": {}})
        with self.assert_client_error("ValidationException", message_contains="RedirectUris"):
            self.sso.put_application_grant(ApplicationArn=self.app, GrantType="authorization_code",
                                           Grant={"AuthorizationCode": {}})
        with self.assert_client_error("ValidationException",
                                      message_contains="AuthorizedTokenIssuers"):
            self.sso.put_application_grant(ApplicationArn=self.app, GrantType=JWT_BEARER,
                                           Grant={"JwtBearer": {}})
        loose = self.client(SVC, access_key=self.account, validate=False)
        with self.assert_client_error("ValidationException"):
            loose.put_application_grant(ApplicationArn=self.app, GrantType="refresh_token",
                                        Grant={"RefreshToken": {}, "TokenExchange": {}})
        self.assertEqual(self.call("ListApplicationGrants", ApplicationArn=self.app)["Grants"], [])

    def test_jwt_bearer_names_known_issuers(self):
        missing = (f"arn:aws:sso::{self.account}:trustedTokenIssuer/"
                   f"{instance_id(self.instance_arn)}/tti-{uuid.uuid4()}")
        with self.assert_client_error("ResourceNotFoundException", message_contains=missing):
            self.sso.put_application_grant(
                ApplicationArn=self.app, GrantType=JWT_BEARER,
                Grant={"JwtBearer": {"AuthorizedTokenIssuers": [
                    {"TrustedTokenIssuerArn": missing}]}})

    def test_missing_grant(self):
        with self.assert_client_error("ResourceNotFoundException", message_contains=TOKEN_EXCHANGE):
            self.sso.get_application_grant(ApplicationArn=self.app, GrantType=TOKEN_EXCHANGE)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.delete_application_grant(ApplicationArn=self.app, GrantType=TOKEN_EXCHANGE)

    def test_unknown_application(self):
        arn = self.unknown_app_arn()
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.put_application_grant(ApplicationArn=arn, GrantType="refresh_token",
                                           Grant={"RefreshToken": {}})
        for method in ("get_application_grant", "delete_application_grant"):
            with self.assert_client_error("ResourceNotFoundException"):
                getattr(self.sso, method)(ApplicationArn=arn, GrantType="refresh_token")
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.list_application_grants(ApplicationArn=arn)


# --------------------------------------------------------------------------- control plane

class TestApplicationState(ApplicationTestCase):
    def test_export_import_and_reset(self):
        arn = self.create_app(Tags=[{"Key": "a", "Value": "1"}])
        user = self.principal()
        self.sso.create_application_assignment(ApplicationArn=arn, PrincipalType="USER",
                                               PrincipalId=user)
        self.sso.put_application_grant(ApplicationArn=arn, GrantType="refresh_token",
                                       Grant={"RefreshToken": {}})
        exported = http_request(self.url, "GET",
                                f"/_junction/state?account={self.account}").json()
        self.assertEqual([r["arn"] for r in exported["tables"]["sso_applications"]], [arn])
        reset = http_request(self.url, "POST", f"/_junction/reset?account={self.account}")
        self.assertEqual(reset.status, 200, reset)
        with self.assert_client_error("ResourceNotFoundException"):
            self.sso.describe_application(ApplicationArn=arn)
        imported = http_request(self.url, "POST", "/_junction/state", body=json.dumps(exported),
                                headers={"Content-Type": "application/json"})
        self.assertEqual(imported.status, 200, imported)
        self.assertEqual(self.describe_app(arn)["ApplicationArn"], arn)
        self.call("DescribeApplicationAssignment", ApplicationArn=arn, PrincipalType="USER",
                  PrincipalId=user)
        self.assertEqual(self.call("ListTagsForResource", ResourceArn=arn)["Tags"],
                         [{"Key": "a", "Value": "1"}])


if __name__ == "__main__":
    unittest.main()
