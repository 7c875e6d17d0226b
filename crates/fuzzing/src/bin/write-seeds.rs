//! `write-seeds DIR`: writes the generated inputs of every target to `DIR/<target>/`, for
//! `cargo xtask fuzz` to hand to the fuzzer with the stored corpus.

fn main() {
    let dir = std::env::args_os()
        .nth(1)
        .map(std::path::PathBuf::from)
        .expect("usage: write-seeds DIR");
    for (target, _) in fuzzing::TARGETS {
        let folder = dir.join(target);
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).expect("the seed folder can be made");
        for (name, bytes) in fuzzing::seeds::generated(target) {
            std::fs::write(folder.join(name), bytes).expect("the seed can be written");
        }
    }
}
