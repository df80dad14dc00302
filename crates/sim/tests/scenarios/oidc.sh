# CI without access keys (note 000: "OpenID Connect"): GitHub Actions hands a
# workflow run an OIDC token; STS trades it for a role's credentials if the
# account has the provider, the audience is a client ID and the role's trust
# policy lets this repository's branch in.

aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com
aws iam create-open-id-connect-provider --url https://token.actions.githubusercontent.com --client-id-list sts.amazonaws.com
aws iam list-open-id-connect-providers --query 'OpenIDConnectProviderList[*].Arn' --output text
cat > trust.json <<'EOF'
{
  "Version": "2012-10-17",
  "Statement": [{
    "Effect": "Allow",
    "Principal": { "Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" },
    "Action": "sts:AssumeRoleWithWebIdentity",
    "Condition": {
      "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
      "StringLike": { "token.actions.githubusercontent.com:sub": "repo:example/app:ref:refs/heads/main" }
    }
  }]
}
EOF
aws iam create-role --role-name github-deploy --assume-role-policy-document file://trust.json --query Role.Arn --output text

# The main branch gets in; a feature branch, a pull request and another repository do not.
TOKEN=$(sim oidc-token --repo example/app --branch main)
aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/github-deploy --role-session-name gha --web-identity-token $TOKEN --query '[AssumedRoleUser.Arn,SubjectFromWebIdentityToken,Audience]' --output text
TOKEN=$(sim oidc-token --repo example/app --branch feature/x)
aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/github-deploy --role-session-name gha --web-identity-token $TOKEN
TOKEN=$(sim oidc-token --repo example/app --pull-request)
aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/github-deploy --role-session-name gha --web-identity-token $TOKEN
TOKEN=$(sim oidc-token --repo someone/app --branch main)
aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/github-deploy --role-session-name gha --web-identity-token $TOKEN

# A token for another audience, and an account without the provider.
TOKEN=$(sim oidc-token --repo example/app --branch main --audience https://github.com/example)
aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/github-deploy --role-session-name gha --web-identity-token $TOKEN
aws iam delete-open-id-connect-provider --open-id-connect-provider-arn arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com
TOKEN=$(sim oidc-token --repo example/app --branch main)
aws sts assume-role-with-web-identity --role-arn arn:aws:iam::123456789012:role/github-deploy --role-session-name gha --web-identity-token $TOKEN
sim oidc-token --repo example
