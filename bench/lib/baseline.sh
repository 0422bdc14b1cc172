# Sourced by the bench scripts. baseline_app COMMIT PROJECT prints the path of PROJECT's Release app (PROJECT: a folder
# such as samples/Uring.Samples.AsyncEcho) as built from COMMIT. The commit is unpacked once, outside the tree, with
# git archive (the commit as it was, without the work tree's changes), and each project is built there once.
baseline_app() {
  local commit=$1 project=$2
  local dir app
  dir=${TMPDIR:-/tmp}/uring-bench-baseline-$(git rev-parse --short "$commit")
  app=$dir/$project/bin/Release/net10.0/$(basename "$project")
  if [ ! -x "$app" ]; then
    if [ ! -f "$dir/.unpacked" ]; then
      rm -rf "$dir" && mkdir -p "$dir"
      git archive "$commit" | tar -x -C "$dir"
      touch "$dir/.unpacked"
    fi
    (cd "$dir" && dotnet build -c Release "$project" -v quiet -nologo >/dev/null)
  fi
  echo "$app"
}
