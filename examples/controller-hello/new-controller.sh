#!/usr/bin/env bash
# Starts a new controller project from this example: copies it to <folder> and renames the Java package,
# the kind and the API group.
#
#   examples/controller-hello/new-controller.sh ~/acme-route com.acme.route Route route.acme.com
#   cd ~/acme-route && mvn -o package
#   cp target/*.jar $KUBERAF_HOME/deploy/
#
# The copy builds outside this source tree: its parent pom (io.kuberaf:kuberaf-parent) and the Kuberaf
# artifacts it compiles against come from the local Maven repository (a `mvn install` of Kuberaf).
set -euo pipefail

if [ $# -ne 4 ]; then
  echo "usage: $0 <new-project-folder> <java.package> <Kind> <api.group>" >&2
  echo "   eg: $0 ~/acme-route com.acme.route Route route.acme.com" >&2
  exit 2
fi
target=$1 package=$2 kind=$3 group=$4
[[ $package =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$ ]] || { echo "not a Java package name: $package" >&2; exit 2; }
[[ $kind =~ ^[A-Z][A-Za-z0-9]*$ ]] || { echo "a kind is a capitalised word: $kind" >&2; exit 2; }
[[ $group =~ ^[a-z0-9-]+(\.[a-z0-9-]+)+$ ]] || { echo "an API group is a domain name: $group" >&2; exit 2; }
[ -e "$target" ] && { echo "$target exists already" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
lower=$(echo "$kind" | tr '[:upper:]' '[:lower:]')
plural=${lower}s
source_dir=src/main/java/io/kuberaf/examples/hello
target_dir=src/main/java/${package//.//}

mkdir -p "$target/$target_dir" "$target/src/main/resources/kinds"
cp "$here/pom.xml" "$here/README.md" "$target/"
cp "$here/hello.yaml" "$target/$lower.yaml"
cp "$here/src/main/resources/kinds/hellos.hello.kuberaf.io.yaml" "$target/src/main/resources/kinds/$plural.$group.yaml"
for file in "$here/$source_dir"/*.java; do
  name=$(basename "$file")
  cp "$file" "$target/$target_dir/${name/Hello/$kind}"
done

# Longest names first: the group and the package contain "hello". The example's short name is its own.
find "$target" -type f \( -name '*.java' -o -name '*.xml' -o -name '*.yaml' -o -name '*.md' \) -print0 | xargs -0 sed -i \
  -e '/shortNames: \[hi\]/d' \
  -e "s#hello\.kuberaf\.io#$group#g" \
  -e "s#io\.kuberaf\.examples\.controller-hello#$package#g" \
  -e "s#io\.kuberaf\.examples\.hello#$package#g" \
  -e "s#<groupId>io\.kuberaf\.examples</groupId>#<groupId>$package</groupId>#" \
  -e "s#<relativePath>\.\./\.\./pom\.xml</relativePath>#<relativePath/>#" \
  -e "s#controller-hello#controller-$lower#g" \
  -e "s#Hello#$kind#g" \
  -e "s#hellos#$plural#g" \
  -e "s#hello#$lower#g"

echo "New controller project in $target (package $package, kind $kind, group $group/v1)."
echo "Next: cd $target && mvn -o package && cp target/*.jar \$KUBERAF_HOME/deploy/"
