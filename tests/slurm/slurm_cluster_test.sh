#!/usr/bin/env bash
# radstudy slurm extract on a real one-node Slurm (Debian's slurm-wlm and munge), started here as root and
# torn down at the end:
#  1. the 51 STS cases in 4 array tasks: the merged table is byte-identical to radstudy extract --jobs 2;
#  2. faults: one array task cancelled while it runs leaves no half-written case file and no merged table;
#     the rerun submits only that shard and the table is again byte-identical; a case that fails (a mask on
#     another image's grid) is an error row and does not fail the array;
#  3. radstudy run --executor slurm on a small STS study: the extraction array fills the cache, the study job
#     after it writes the same tables and model as radstudy run on one machine.
# Usage: slurm_cluster_test.sh RADSTUDY_BINARY SOURCE_DIR. Exit 77 (skipped) when Slurm cannot start,
# unless CI=true, where that is a failure.
set -uo pipefail

radstudy=$(realpath "$1")
source_dir=$2
shared=${RADSTUDY_SHARED:-$source_dir/../shared}
work=$(mktemp -d /tmp/radstudy_slurm_test.XXXXXX)
port_base=$((16800 + RANDOM % 900))

skip() {
  echo "SKIPPED: $1"
  if [ "${CI:-}" = "true" ]; then
    echo "FAILED: under CI the Slurm test must run"
    exit 1
  fi
  exit 77
}
fail() {
  echo "FAILED: $1"
  exit 1
}

[ -f "$shared/data/sts/STS_051/ct_image.nii.gz" ] || skip "the STS data is not in $shared/data/sts"
[ "$(id -u)" -eq 0 ] || skip "starting munged, slurmctld and slurmd needs root"
for program in munged slurmctld slurmd sbatch squeue scancel scontrol; do
  command -v "$program" >/dev/null || skip "$program is not installed (apt-get install slurm-wlm munge)"
done

# --- a one-node Slurm ------------------------------------------------------------------------------------
mkdir -p "$work"/{munge,state,spool,log,run}
chmod 700 "$work/munge"
export SLURM_CONF=$work/slurm.conf
socket=$work/munge/munge.socket.2
teardown() {
  scancel --quiet --user=root 2>/dev/null
  [ -f "$work/run/slurmd.pid" ] && kill "$(cat "$work/run/slurmd.pid")" 2>/dev/null
  [ -f "$work/run/slurmctld.pid" ] && kill "$(cat "$work/run/slurmctld.pid")" 2>/dev/null
  munged --stop --socket="$socket" >/dev/null 2>&1
  sleep 1
  pkill -f "slurmstepd.*$work" 2>/dev/null
  if [ "${KEEP_SLURM_TEST:-}" = "" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap teardown EXIT

dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
munged --force --key-file="$work/munge/munge.key" --socket="$socket" --pid-file="$work/munge/munged.pid" \
  --seed-file="$work/munge/munged.seed" --log-file="$work/munge/munged.log" ||
  skip "munged did not start: $(tail -3 "$work/munge/munged.log" 2>/dev/null)"

cat >"$SLURM_CONF" <<EOF
ClusterName=radstudy-test
SlurmctldHost=localhost
SlurmctldPort=$port_base
SlurmdPort=$((port_base + 1))
AuthType=auth/munge
AuthInfo=socket=$socket
SlurmUser=root
SlurmdUser=root
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/run/slurmctld.pid
SlurmdPidFile=$work/run/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
DefMemPerCPU=1000
ReturnToService=2
MpiDefault=none
KillWait=10
NodeName=localhost CPUs=2 RealMemory=4000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
slurmctld -f "$SLURM_CONF" || skip "slurmctld did not start: $(tail -3 "$work/log/slurmctld.log")"
slurmd -f "$SLURM_CONF" -N localhost || skip "slurmd did not start: $(tail -3 "$work/log/slurmd.log")"
for _ in $(seq 1 30); do
  [ "$(sinfo --noheader --format=%T 2>/dev/null)" = "idle" ] && break
  sleep 1
done
[ "$(sinfo --noheader --format=%T)" = "idle" ] || skip "the node did not come up: $(tail -3 "$work/log/slurmd.log")"
echo "Slurm up: $(sinfo --noheader)"

wait_for_queue() {
  for _ in $(seq 1 600); do
    [ -z "$(squeue --noheader)" ] && return 0
    sleep 1
  done
  fail "jobs still queued after 10 minutes: $(squeue)"
}

# --- the inputs -------------------------------------------------------------------------------------------
cd "$work"
{
  echo "id,image,mask"
  for folder in "$shared"/data/sts/STS_*; do
    echo "$(basename "$folder"),$folder/ct_image.nii.gz,$folder/ct_mask.nii.gz"
  done
} >sts.csv
[ "$(wc -l <sts.csv)" -eq 52 ] || fail "expected 51 STS cases in $shared/data/sts"
cat >params.yaml <<'EOF'
imageType:
  Original: {}
  Wavelet: {}
  LoG: {sigma: [1.0, 2.0, 3.0]}
setting:
  binWidth: 25
  resampledPixelSpacing: [1, 1, 1]
  interpolator: sitkBSpline
EOF

# --- 1. four array tasks, merged: the bytes of one run ----------------------------------------------------
"$radstudy" extract --manifest sts.csv --params params.yaml --jobs 2 --out single.csv 2>single.log ||
  fail "radstudy extract: $(tail -3 single.log)"
"$radstudy" slurm extract --manifest sts.csv --params params.yaml --results results1 --out merged1.csv \
  --tasks 4 --cpus-per-task 1 --mem 1G --time 20 >submit1.log 2>&1 || fail "slurm extract: $(cat submit1.log)"
cat submit1.log
grep -q "submitted extraction array job" submit1.log || fail "no array job submitted"
# While those jobs are queued or running, the same submission is refused (no shard runs twice at once).
"$radstudy" slurm extract --manifest sts.csv --params params.yaml --results results1 --out merged1.csv \
  --tasks 4 --cpus-per-task 1 --mem 1G --time 20 >again1.log 2>&1
[ $? -eq 1 ] && grep -q "still queued or running" again1.log || fail "a second submission was not refused: $(cat again1.log)"
wait_for_queue
[ -f merged1.csv ] || fail "the merge job wrote no table: $(cat results1/slurm/logs/merge_*.out)"
cmp single.csv merged1.csv || fail "the merged table differs from radstudy extract's"
echo "1. merged table of 4 tasks byte-identical to radstudy extract --jobs 2 ($(wc -l <merged1.csv) lines)"

# --- 2. a task cancelled mid-run, a failing case, the rerun -----------------------------------------------
cp sts.csv faults.csv
echo "BROKEN,$shared/data/sts/STS_001/ct_image.nii.gz,$shared/data/sts/STS_002/ct_mask.nii.gz" >>faults.csv
"$radstudy" extract --manifest faults.csv --params params.yaml --jobs 2 --out single2.csv 2>single2.log
[ $? -eq 3 ] || fail "radstudy extract of the manifest with a broken case should exit 3: $(tail -3 single2.log)"
"$radstudy" slurm extract --manifest faults.csv --params params.yaml --results results2 --out merged2.csv \
  --tasks 4 --cpus-per-task 1 --mem 1G --time 20 >submit2.log 2>&1 || fail "slurm extract: $(cat submit2.log)"
array=$(sed -n 's/^submitted extraction array job \([0-9]*\).*/\1/p' submit2.log)
[ -n "$array" ] || fail "no array job id in: $(cat submit2.log)"
# Shard 2 of 4 holds the data rows 2, 6, 10, ...; cancel its task once it has written its first case.
mapfile -t shard2 < <(awk -F, 'NR > 1 && (NR - 2) % 4 == 1 {print $1}' faults.csv)
cancelled=""
for _ in $(seq 1 1200); do
  for id in "${shard2[@]}"; do
    if [ -f "results2/cases/$id.jsonl" ]; then
      scancel "${array}_2" && cancelled=yes
      break 2
    fi
  done
  sleep 0.1
done
[ -n "$cancelled" ] || fail "shard 2 wrote no case in 120 s"
wait_for_queue
done_in_shard2=0
for id in "${shard2[@]}"; do [ -f "results2/cases/$id.jsonl" ] && done_in_shard2=$((done_in_shard2 + 1)); done
[ "$done_in_shard2" -lt "${#shard2[@]}" ] || fail "shard 2 finished before it was cancelled; nothing was tested"
echo "2. shard 2 cancelled after $done_in_shard2 of ${#shard2[@]} cases"
[ ! -e merged2.csv ] || fail "the merge ran although a task was cancelled"
leftovers=$(find results2 -name '.radstudy-*')
[ -z "$leftovers" ] || fail "temporary files left: $leftovers"
for file in results2/cases/*.jsonl; do
  [ "$(wc -l <"$file")" -eq 2 ] && tail -n 1 "$file" | grep -q '^{"row":".*"}$' ||
    fail "half-written case file: $file"
done
grep -q '"state":"failed"' "results2/cases/BROKEN.jsonl" || fail "the broken case is not an error row"
"$radstudy" slurm extract --manifest faults.csv --params params.yaml --results results2 --out merged2.csv \
  --tasks 4 --cpus-per-task 1 --mem 1G --time 20 >submit3.log 2>&1 || fail "rerun: $(cat submit3.log)"
cat submit3.log
grep -q "(shards 2)" submit3.log || fail "the rerun should submit shard 2 only"
wait_for_queue
[ -f merged2.csv ] || fail "the merge of the rerun wrote no table: $(cat results2/slurm/logs/merge_*.out)"
cmp single2.csv merged2.csv || fail "the merged table after the rerun differs from radstudy extract's"
grep -q '^BROKEN,' merged2.csv || fail "the broken case has no row"
echo "2. rerun submitted shard 2 only; merged table byte-identical; the broken case is an error row"

# A third submission finds everything done: no array, only the merge.
rm merged2.csv
"$radstudy" slurm extract --manifest faults.csv --params params.yaml --results results2 --out merged2.csv \
  --tasks 4 --cpus-per-task 1 --mem 1G --time 20 >submit4.log 2>&1 || fail "third run: $(cat submit4.log)"
grep -q "no extraction submitted" submit4.log || fail "a finished folder should submit no array: $(cat submit4.log)"
wait_for_queue
cmp single2.csv merged2.csv || fail "the merge-only run differs"

# --- 3. the study: extraction array, then the study job -----------------------------------------------------
cat >study_params.yaml <<'EOF'
imageType:
  Original: {}
featureClass:
  firstorder:
  glcm:
setting:
  binWidth: 25
EOF
cat >study.yaml <<EOF
cohort:
  manifest: sts.csv
  clinical: $shared/data/sts/clinical.csv
  id: id
  outcome: lung_mets
  time: os_days
  event: death
  clinical_variables: [age, sex]
features:
  params: study_params.yaml
reproducibility: {method: perturbation, icc: ICC2, threshold: 0.75, perturbations: [erode, dilate]}
selection: {method: lasso, n: 4, scope: fold}
models: [logistic, naive_bayes]
validation: {folds: 3, repeats: 1, seed: 7, permutations: 4}
EOF
"$radstudy" run "$work/study.yaml" --out study_local --cache cache_local --jobs 2 >study_local.log 2>&1 ||
  fail "radstudy run: $(tail -3 study_local.log)"
"$radstudy" run study.yaml --out study_slurm --cache cache_slurm --executor slurm --tasks 3 --cpus-per-task 1 \
  --mem 1G --time 20 >study_submit.log 2>&1 || fail "run --executor slurm: $(cat study_submit.log)"
cat study_submit.log
grep -q "submitted extraction array job" study_submit.log || fail "no study jobs submitted"
wait_for_queue
[ -f study_slurm/model.json ] || fail "the study job wrote no study: $(tail -5 cache_slurm/slurm/logs/study_*.out)"
grep -q "0 extracted" cache_slurm/slurm/logs/study_*.out ||
  fail "the study job extracted cases the array should have cached: $(grep extraction cache_slurm/slurm/logs/study_*.out)"
for table in study_local/tables/*.csv; do
  name=$(basename "$table")
  [ "$name" = extraction.csv ] && continue  # counts of cases extracted now and read from the cache
  cmp "$table" "study_slurm/tables/$name" || fail "tables/$name differs between the local run and the Slurm run"
done
# (both runs name the study file by its absolute path, which model.json records with the parameter file)
cmp study_local/model.json study_slurm/model.json || fail "model.json differs"
echo "3. run --executor slurm: $(ls study_slurm/tables | wc -l) tables and model.json equal to the local run's"
echo "PASSED"
