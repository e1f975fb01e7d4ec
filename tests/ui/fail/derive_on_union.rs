use disclosure::Disclose;

#[derive(Disclose)]
union Bits {
    int: u32,
    float: f32,
}

fn main() {}
