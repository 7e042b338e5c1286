package gen

// pw is one weighted API of a profile.
type pw struct {
	api string
	w   float64
}

// profileSpecs weights the catalog per kind of caller. Weights are relative within a profile.
// Together with the cast weights (population.go) and the daily rhythm they give roughly 75%
// read-only calls, 15% data events and 5–8% errors (see TestMix).
func profileSpecs() map[string][]pw {
	engineer := concat(ec2Reads, ec2Writes, ec2Writes, s3Manage, s3DataHuman, iamReads, humanMisc)
	admin := concat(engineer, adminExtras)
	auditor := concat(engineer, []pw{
		{"cloudtrail:LookupEvents", 2}, {"iam:GetAccountAuthorizationDetails", 0.3}, {"iam:GenerateCredentialReport", 0.2},
		{"iam:GetCredentialReport", 0.2}, {"s3:GetBucketPolicyStatus", 0.5}, {"cloudtrail:DescribeTrails", 0.5},
		{"cloudtrail:GetEventSelectors", 0.3},
	})
	return map[string][]pw{
		"engineer": engineer,
		"admin":    admin,
		"auditor":  auditor,
		"portal": {
			{"sso:Authenticate", 1}, {"sso:Federate", 2}, {"sso:ListAccounts", 1}, {"sso:GetRoleCredentials", 1},
		},
		"root": {
			{"signin:ConsoleLogin", 1}, {"iam:GetAccountSummary", 1}, {"iam:ListMFADevices", 0.5}, {"iam:ListUsers", 0.5},
			{"s3:ListBuckets", 0.5}, {"iam:GetAccountPasswordPolicy", 0.3}, {"iam:ListAccessKeys", 0.3}, {"ec2:DescribeRegions", 0.2},
		},
		"ci":     ci,
		"legacy": {{"s3:ListBuckets", 1}, {"s3:GetObject", 3}, {"s3:PutObject", 3}, {"s3:ListObjects", 2}, {"ec2:DescribeSnapshots", 1}, {"ec2:CreateSnapshot", 0.5}, {"ec2:DescribeVolumes", 1}},
		"app":    app,
		"partner": {
			{"s3:GetObject#partner", 5}, {"s3:PutObject", 2}, {"s3:ListObjects", 2}, {"kms:Decrypt", 2}, {"sts:AssumeRole", 1}, {"sts:GetCallerIdentity", 0.5},
		},
		"config": config,
		"autoscaling": {
			{"ec2:DescribeInstances", 3}, {"ec2:DescribeInstanceStatus", 2}, {"ec2:RunInstances", 1}, {"ec2:TerminateInstances", 0.8},
			{"ec2:CreateTags", 0.5}, {"ec2:DescribeLaunchTemplates", 0.5}, {"ec2:DescribeImages", 0.3}, {"ec2:DescribeSubnets", 0.3},
			{"ec2:DescribeAvailabilityZones", 0.3},
		},
		"ssmagent": {
			{"ssm:UpdateInstanceInformation", 5}, {"ssm:ListInstanceAssociations", 3}, {"ssm:DescribeAssociation", 1}, {"ssm:GetParameter", 0.5},
		},
		"ssmservice": {
			{"ec2:DescribeInstances", 2}, {"ssm:ListAssociations", 1}, {"ssm:DescribeInstanceInformation", 1},
			{"ssm:ListComplianceItems", 1}, {"ssm:SendCommand", 0.3},
		},
		"logsdelivery": {{"s3:HeadBucket#logs", 3}, {"s3:GetBucketAcl", 2}},
		"trailsvc":     {{"s3:GetBucketAcl#trail", 3}, {"s3:PutObject#trail", 2}, {"kms:GenerateDataKey", 1}, {"sts:AssumeRole", 0.3}},
		"configsvc":    {{"s3:GetBucketAcl#config", 2}, {"s3:PutObject#config", 3}, {"sts:AssumeRole", 2}},
		"lambdasvc":    {{"sts:AssumeRole", 1}},
		"ec2svc":       {{"sts:AssumeRole", 1}},
		"supportsvc":   {{"sts:AssumeRole", 1}},
		"internal":     {{"kms:RotateKey", 1}},
		// Calls from an unusual region: someone looking around with a leaked key.
		"recon": {
			{"sts:GetCallerIdentity", 3}, {"ec2:DescribeRegions", 2}, {"ec2:DescribeInstances", 2}, {"ec2:DescribeSecurityGroups", 1},
			{"ec2:DescribeImages", 1}, {"ec2:DescribeInstanceTypes", 1}, {"ec2:DescribeKeyPairs", 1}, {"ec2:RunInstances", 1},
			{"ec2:CreateKeyPair", 0.5}, {"ec2:AuthorizeSecurityGroupIngress", 0.5}, {"s3:ListBuckets", 1},
			{"lambda:ListFunctions20150331", 1}, {"secretsmanager:ListSecrets", 0.5}, {"ssm:DescribeParameters", 0.5},
		},
	}
}

func concat(lists ...[]pw) []pw {
	var out []pw
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

var ec2Reads = []pw{
	{"ec2:DescribeInstances", 8}, {"ec2:DescribeSecurityGroups", 3}, {"ec2:DescribeVpcs", 1.5}, {"ec2:DescribeSubnets", 1.5},
	{"ec2:DescribeVolumes", 1}, {"ec2:DescribeImages", 1}, {"ec2:DescribeInstanceStatus", 1}, {"ec2:DescribeAddresses", 0.5},
	{"ec2:DescribeKeyPairs", 0.4}, {"ec2:DescribeRegions", 0.5}, {"ec2:DescribeAvailabilityZones", 0.5}, {"ec2:DescribeSnapshots", 0.4},
	{"ec2:DescribeLaunchTemplates", 0.3}, {"ec2:DescribeNetworkInterfaces", 0.5}, {"ec2:DescribeInstanceTypes", 0.3},
	{"ec2:GetConsoleOutput", 0.1}, {"ec2:DescribeRouteTables", 0.5},
}

var ec2Writes = []pw{
	{"ec2:RunInstances", 0.6}, {"ec2:TerminateInstances", 0.4}, {"ec2:StartInstances", 0.4}, {"ec2:StopInstances", 0.4},
	{"ec2:RebootInstances", 0.1}, {"ec2:CreateSecurityGroup", 0.2}, {"ec2:AuthorizeSecurityGroupIngress", 0.4},
	{"ec2:RevokeSecurityGroupIngress", 0.2}, {"ec2:ModifySecurityGroupRules", 0.15}, {"ec2:CreateTags", 0.5},
	{"ec2:DeleteSecurityGroup", 0.1}, {"ec2:CreateKeyPair", 0.05}, {"ec2:CreateSnapshot", 0.1}, {"ec2:AssociateAddress", 0.05},
	{"ec2:DisassociateAddress", 0.03},
}

var s3Manage = []pw{
	{"s3:ListBuckets", 3}, {"s3:GetBucketAcl", 1}, {"s3:GetBucketPolicy", 1}, {"s3:GetBucketPublicAccessBlock", 0.8},
	{"s3:GetBucketLocation", 1}, {"s3:GetBucketVersioning", 0.5}, {"s3:GetBucketEncryption", 0.5}, {"s3:GetBucketTagging", 0.4},
	{"s3:PutBucketPolicy", 0.1}, {"s3:PutBucketPublicAccessBlock", 0.12}, {"s3:CreateBucket", 0.08}, {"s3:PutBucketVersioning", 0.05},
	{"s3:PutBucketTagging", 0.05}, {"s3:DeleteBucketPolicy", 0.02}, {"s3:PutBucketEncryption", 0.03},
}

var s3DataHuman = []pw{
	{"s3:GetObject", 1.5}, {"s3:PutObject", 1.2}, {"s3:ListObjects", 1}, {"s3:HeadObject", 0.5}, {"s3:DeleteObject", 0.3},
	{"s3:CopyObject", 0.1},
}

var iamReads = []pw{
	{"iam:ListUsers", 0.6}, {"iam:ListRoles", 0.8}, {"iam:GetRole", 0.5}, {"iam:GetUser", 0.5}, {"iam:ListPolicies", 0.3},
	{"iam:ListAttachedRolePolicies", 0.4}, {"iam:ListRolePolicies", 0.3}, {"iam:ListAccessKeys", 0.3}, {"iam:ListMFADevices", 0.2},
	{"iam:GetAccountSummary", 0.2}, {"iam:GetPolicy", 0.2}, {"iam:GetPolicyVersion", 0.2}, {"iam:ListGroupsForUser", 0.1},
	{"iam:GetLoginProfile", 0.1},
	{"iam:CreateAccessKey", 0.03}, {"iam:AttachRolePolicy", 0.03}, {"iam:PutRolePolicy", 0.03}, {"iam:CreateRole", 0.03}, {"iam:TagRole", 0.03},
}

var humanMisc = []pw{
	{"sts:GetCallerIdentity", 3}, {"sts:AssumeRole", 1.5}, {"signin:ConsoleLogin", 1.2},
	{"kms:ListAliases", 0.4}, {"kms:DescribeKey", 0.3}, {"kms:Decrypt", 0.5}, {"kms:ListKeys", 0.2}, {"kms:GetKeyRotationStatus", 0.1},
	{"lambda:ListFunctions20150331", 1}, {"lambda:GetFunction20150331v2", 0.8}, {"lambda:UpdateFunctionCode20150331v2", 0.2},
	{"lambda:GetFunctionConfiguration20150331v2", 0.3}, {"lambda:Invoke", 0.4}, {"lambda:GetPolicy20150331v2", 0.2},
	{"lambda:UpdateFunctionConfiguration20150331v2", 0.1}, {"lambda:AddPermission20150331v2", 0.05}, {"lambda:ListTags20170331", 0.1},
	{"lambda:CreateFunction20150331", 0.03},
	{"logs:DescribeLogGroups", 1}, {"logs:DescribeLogStreams", 1}, {"logs:FilterLogEvents", 1}, {"logs:GetLogEvents", 0.8},
	{"logs:StartQuery", 0.4}, {"logs:GetQueryResults", 0.8}, {"logs:CreateLogGroup", 0.03}, {"logs:PutRetentionPolicy", 0.05},
	{"cloudtrail:LookupEvents", 0.6}, {"cloudtrail:DescribeTrails", 0.2}, {"cloudtrail:GetTrailStatus", 0.1},
	{"cloudtrail:GetEventSelectors", 0.05}, {"cloudtrail:ListEventDataStores", 0.05}, {"cloudtrail:StartQuery", 0.1},
	{"cloudtrail:GetQueryResults", 0.15}, {"cloudtrail:DescribeQuery", 0.05},
	{"monitoring:DescribeAlarms", 1}, {"monitoring:GetMetricData", 1.2}, {"monitoring:ListMetrics", 0.3},
	{"monitoring:GetMetricStatistics", 0.3}, {"monitoring:DescribeAlarmHistory", 0.1}, {"monitoring:PutMetricAlarm", 0.1},
	{"monitoring:DeleteAlarms", 0.04},
	{"ssm:GetParameter", 0.6}, {"ssm:GetParametersByPath", 0.2}, {"ssm:DescribeParameters", 0.3}, {"ssm:PutParameter", 0.1},
	{"ssm:DescribeInstanceInformation", 0.3}, {"ssm:StartSession", 0.15}, {"ssm:SendCommand", 0.05}, {"ssm:DeleteParameter", 0.02},
	{"secretsmanager:ListSecrets", 0.3}, {"secretsmanager:DescribeSecret", 0.2}, {"secretsmanager:GetSecretValue", 0.5},
	{"secretsmanager:PutSecretValue", 0.03},
	{"dynamodb:ListTables", 0.4}, {"dynamodb:DescribeTable", 0.4}, {"dynamodb:Scan", 0.1}, {"dynamodb:Query", 0.2}, {"dynamodb:GetItem", 0.2},
	{"rds:DescribeDBInstances", 0.6}, {"rds:DescribeDBClusters", 0.3}, {"rds:DescribeDBSnapshots", 0.15}, {"rds:DescribeEvents", 0.1},
	{"rds:CreateDBSnapshot", 0.03}, {"rds:RebootDBInstance", 0.03}, {"rds:ModifyDBInstance", 0.02}, {"rds:CreateDBInstance", 0.03},
	{"rds:DescribeOrderableDBInstanceOptions", 0.05},
}

var adminExtras = []pw{
	{"iam:CreateUser", 0.3}, {"iam:DeleteUser", 0.05}, {"iam:AttachUserPolicy", 0.15}, {"iam:DetachUserPolicy", 0.05},
	{"iam:CreateAccessKey", 0.15}, {"iam:DeleteAccessKey", 0.05}, {"iam:UpdateAccessKey", 0.05}, {"iam:CreateLoginProfile", 0.1},
	{"iam:AddUserToGroup", 0.15}, {"iam:DeleteInstanceProfile", 0.05}, {"iam:CreateRole", 0.15}, {"iam:DeleteRole", 0.05},
	{"iam:PutRolePolicy", 0.1}, {"iam:UpdateAssumeRolePolicy", 0.05}, {"iam:CreatePolicy", 0.05}, {"iam:GenerateCredentialReport", 0.1},
	{"iam:GetCredentialReport", 0.1}, {"iam:GetAccountAuthorizationDetails", 0.1}, {"iam:GetAccountPasswordPolicy", 0.1},
	{"iam:ListGroups", 0.1}, {"iam:ListAccountAliases", 0.1},
	{"cloudtrail:UpdateTrail", 0.08}, {"cloudtrail:StopLogging", 0.03}, {"cloudtrail:StartLogging", 0.04},
	{"cloudtrail:CreateTrail", 0.02}, {"cloudtrail:DeleteTrail", 0.005}, {"cloudtrail:PutEventSelectors", 0.02},
	{"kms:CreateKey", 0.02}, {"kms:ScheduleKeyDeletion", 0.01}, {"kms:DisableKey", 0.01},
	{"rds:FailoverDBCluster", 0.03}, {"rds:RestoreDBClusterToPointInTime", 0.03}, {"rds:DeleteDBCluster", 0.03},
	{"ec2:CreateVpc", 0.02}, {"ec2:CreateNetworkAclEntry", 0.02}, {"ec2:RevokeSecurityGroupEgress", 0.02}, {"ec2:DeleteTags", 0.02},
	{"s3:DeleteBucket", 0.01}, {"s3:DeleteBucketPublicAccessBlock", 0.01}, {"s3:PutBucketAcl", 0.02},
	{"secretsmanager:RotateSecret", 0.02}, {"dynamodb:UpdateTable", 0.02}, {"kms:GetKeyPolicy", 0.1},
}

var ci = []pw{
	{"sts:GetCallerIdentity", 3}, {"sts:AssumeRole", 1},
	{"ec2:DescribeInstances", 2}, {"ec2:DescribeSecurityGroups", 2}, {"ec2:DescribeVpcs", 1.5}, {"ec2:DescribeSubnets", 1.5},
	{"ec2:DescribeRouteTables", 1}, {"ec2:DescribeImages", 1}, {"ec2:DescribeAccountAttributes", 0.5},
	{"ec2:DescribeNetworkInterfaces", 0.5}, {"ec2:DescribeVpcEndpoints", 0.3}, {"ec2:DescribeNatGateways", 0.3}, {"ec2:DescribeTags", 0.5},
	{"ec2:DescribeLaunchTemplates", 0.3}, {"ec2:DescribeInstanceTypes", 0.3},
	{"ec2:RunInstances", 0.3}, {"ec2:TerminateInstances", 0.2}, {"ec2:CreateTags", 0.6}, {"ec2:CreateSecurityGroup", 0.1},
	{"ec2:AuthorizeSecurityGroupIngress", 0.2}, {"ec2:RevokeSecurityGroupIngress", 0.1}, {"ec2:ModifySecurityGroupRules", 0.05},
	{"ec2:DeleteTags", 0.05},
	{"iam:GetRole", 1.5}, {"iam:GetPolicy", 0.6}, {"iam:GetPolicyVersion", 0.6}, {"iam:ListAttachedRolePolicies", 0.8},
	{"iam:ListRolePolicies", 0.8}, {"iam:ListInstanceProfilesForRole", 0.3}, {"iam:GetUser", 0.2},
	{"iam:CreateRole", 0.05}, {"iam:AttachRolePolicy", 0.06}, {"iam:PutRolePolicy", 0.05}, {"iam:TagRole", 0.05},
	{"iam:UpdateAssumeRolePolicy", 0.02}, {"iam:DeleteInstanceProfile", 0.03}, {"iam:CreatePolicy", 0.02},
	{"s3:GetBucketAcl", 0.6}, {"s3:GetBucketPolicy", 0.6}, {"s3:GetBucketVersioning", 0.5}, {"s3:GetBucketEncryption", 0.4},
	{"s3:GetBucketPublicAccessBlock", 0.5}, {"s3:GetBucketLogging", 0.3}, {"s3:GetBucketLifecycle", 0.3}, {"s3:GetBucketCors", 0.3},
	{"s3:GetBucketWebsite", 0.3}, {"s3:GetBucketReplication", 0.3}, {"s3:GetObjectLockConfiguration", 0.3}, {"s3:GetBucketTagging", 0.4},
	{"s3:GetBucketOwnershipControls", 0.2}, {"s3:GetBucketLocation", 0.3}, {"s3:GetBucketPolicyStatus", 0.1},
	{"s3:PutBucketPolicy", 0.05}, {"s3:PutBucketPublicAccessBlock", 0.05}, {"s3:PutBucketVersioning", 0.03},
	{"s3:PutBucketEncryption", 0.03}, {"s3:PutBucketTagging", 0.05}, {"s3:CreateBucket", 0.02},
	{"s3:GetObject", 1}, {"s3:PutObject", 0.4},
	{"lambda:GetFunction20150331v2", 1}, {"lambda:GetPolicy20150331v2", 0.5}, {"lambda:UpdateFunctionCode20150331v2", 0.3},
	{"lambda:UpdateFunctionConfiguration20150331v2", 0.1}, {"lambda:ListTags20170331", 0.3}, {"lambda:AddPermission20150331v2", 0.05},
	{"lambda:CreateFunction20150331", 0.02},
	{"logs:DescribeLogGroups", 0.8}, {"logs:CreateLogGroup", 0.03}, {"logs:PutRetentionPolicy", 0.05},
	{"kms:DescribeKey", 0.5}, {"kms:GetKeyPolicy", 0.3}, {"kms:GetKeyRotationStatus", 0.3}, {"kms:ListAliases", 0.3},
	{"ssm:GetParameter", 0.5}, {"ssm:PutParameter", 0.05}, {"ssm:DescribeParameters", 0.2}, {"ssm:ListTagsForResource", 0.3},
	{"secretsmanager:DescribeSecret", 0.3}, {"secretsmanager:GetResourcePolicy", 0.2},
	{"dynamodb:DescribeTable", 0.4}, {"dynamodb:DescribeContinuousBackups", 0.2}, {"dynamodb:DescribeTimeToLive", 0.2},
	{"rds:DescribeDBInstances", 0.3}, {"rds:DescribeDBClusters", 0.2},
	{"monitoring:DescribeAlarms", 0.4}, {"monitoring:PutMetricAlarm", 0.05}, {"monitoring:DeleteAlarms", 0.02},
	{"cloudtrail:DescribeTrails", 0.1}, {"cloudtrail:GetTrailStatus", 0.05}, {"cloudtrail:GetEventSelectors", 0.05},
}

var app = []pw{
	{"s3:GetObject", 3}, {"s3:PutObject", 3}, {"s3:HeadObject", 0.5}, {"s3:DeleteObject", 0.3}, {"s3:ListObjects", 0.5},
	{"dynamodb:GetItem", 2.5}, {"dynamodb:Query", 1.5}, {"dynamodb:PutItem", 2}, {"dynamodb:UpdateItem", 1.5}, {"dynamodb:DeleteItem", 0.3},
	{"dynamodb:Scan", 0.2}, {"lambda:Invoke", 1.5},
	{"kms:Decrypt", 6}, {"kms:GenerateDataKey", 3}, {"kms:Encrypt", 0.5},
	{"logs:CreateLogStream", 4}, {"logs:PutLogEvents", 5},
	{"sts:GetCallerIdentity", 1}, {"sts:AssumeRole", 0.6},
	{"secretsmanager:GetSecretValue", 2.5},
	{"ssm:GetParameter", 3}, {"ssm:GetParameters", 1}, {"ssm:GetParametersByPath", 0.5},
	{"ec2:DescribeInstances", 0.3},
	{"secretsmanager:GetSecretValue#vpce", 0.08},
}

var config = []pw{
	{"ec2:DescribeInstances", 2}, {"ec2:DescribeSecurityGroups", 2}, {"ec2:DescribeVpcs", 1}, {"ec2:DescribeSubnets", 1},
	{"ec2:DescribeRouteTables", 1}, {"ec2:DescribeVolumes", 1}, {"ec2:DescribeNetworkInterfaces", 1}, {"ec2:DescribeAddresses", 0.5},
	{"ec2:DescribeNatGateways", 0.5}, {"ec2:DescribeVpcEndpoints", 0.5},
	{"s3:GetBucketAcl", 2}, {"s3:GetBucketPolicy", 2}, {"s3:GetBucketPolicyStatus", 1.5}, {"s3:GetBucketPublicAccessBlock", 2},
	{"s3:GetBucketEncryption", 1}, {"s3:GetBucketVersioning", 1}, {"s3:GetBucketLogging", 1}, {"s3:GetBucketLifecycle", 1},
	{"s3:GetBucketReplication", 1}, {"s3:GetObjectLockConfiguration", 1}, {"s3:GetBucketTagging", 1}, {"s3:GetBucketCors", 0.5},
	{"s3:GetBucketWebsite", 0.5}, {"s3:GetBucketNotification", 0.5}, {"s3:GetBucketOwnershipControls", 0.5},
	{"s3:ListAccessPoints", 1}, {"s3:ListBuckets", 0.5}, {"s3:GetBucketLocation", 0.5},
	{"iam:GetRole", 1}, {"iam:ListAttachedRolePolicies", 1}, {"iam:ListRolePolicies", 1}, {"iam:GetUser", 0.5},
	{"iam:ListAttachedUserPolicies", 0.5}, {"iam:GetPolicy", 0.5}, {"iam:GetPolicyVersion", 0.5},
	{"lambda:GetFunction20150331v2", 0.8}, {"lambda:GetPolicy20150331v2", 0.8}, {"lambda:GetLayerVersionPolicy20181031", 1},
	{"lambda:ListTags20170331", 0.3},
	{"kms:Decrypt", 1}, {"kms:DescribeKey", 0.5}, {"kms:GetKeyRotationStatus", 0.5}, {"kms:GetKeyPolicy", 0.3},
	{"rds:DescribeDBInstances", 0.5}, {"rds:DescribeDBClusters", 0.3}, {"rds:DescribeDBSnapshots", 0.3},
	{"dynamodb:DescribeTable", 0.5}, {"dynamodb:DescribeContinuousBackups", 0.5},
	{"secretsmanager:DescribeSecret", 0.5}, {"secretsmanager:GetResourcePolicy", 0.3},
	{"ssm:DescribeInstanceInformation", 0.3}, {"ssm:ListComplianceItems", 0.3},
	{"logs:DescribeLogGroups", 0.5},
	{"cloudtrail:DescribeTrails", 0.3}, {"cloudtrail:GetTrailStatus", 0.3}, {"cloudtrail:GetEventSelectors", 0.3},
	{"monitoring:DescribeAlarms", 0.5},
}
