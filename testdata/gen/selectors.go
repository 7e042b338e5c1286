package gen

// Selectors are advanced event selectors (the AWS CLI's JSON) that keep every event Generate
// writes: management events, the S3 object, Lambda and DynamoDB data events, and Secrets
// Manager network activity. Demos, tests and benchmarks create their stores with them so
// the store holds exactly what was generated.
const Selectors = `[
 {"Name":"Management events","FieldSelectors":[{"Field":"eventCategory","Equals":["Management"]}]},
 {"Name":"S3 objects","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::S3::Object"]}]},
 {"Name":"Lambda functions","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]}]},
 {"Name":"DynamoDB tables","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::DynamoDB::Table"]}]},
 {"Name":"Secrets Manager network activity","FieldSelectors":[{"Field":"eventCategory","Equals":["NetworkActivity"]},{"Field":"eventSource","Equals":["secretsmanager.amazonaws.com"]}]}
]`
