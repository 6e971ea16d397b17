fn main() {
    let cases: &[&[u8]] = &[
        b"customer_id,timestamp,event\nc1,2026-03-02,Newsletter\n\nc2,2026-03-03,\"Store, window\"\n",
        b"\xef\xbb\xbfjourney;time;touchpoint\r\nc1;12.5;A\r\nc1;yesterday;B\r\nc2;01:10;\"multi\nline\"\r\n",
        b"[{\"user_id\":\"u1\",\"date\":\"2026-01-01\",\"label\":\"x\"},\n{\"user_id\":\"u2\",\"date\":\"bad\",\"label\":\"y\"}, 3]",
        b"{\"user_id\":\"u1\",\"date\":\"2026-01-01\",\"label\":\"x\"}\n{\"user_id\":\"u2\",\"date\":\"2026-01-02\",\"label\":\"y\"\n",
        b"customer_id,date,amount\nc1,2026-01-01,12\nc1,2026-01-05,x\n",
        b"a,b,c\n1,2,3\n",
        b"",
        b"journey,time,touchpoint\n",
        b"path,total_conversions,total_conversion_value,total_null\nA > B > C,3,120,10\nA > > C,1,1,1\n",
    ];
    for c in cases {
        match touchpoints::ingest::read(c, &Default::default()) {
            Ok(d) => println!(
                "OK events={} rows={} base={:?} problems={:?} warnings={:?} lines={:?}",
                d.events.len(),
                d.rows,
                d.time_base,
                d.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                d.warnings.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
                d.events.iter().map(|e| e.line).collect::<Vec<_>>()
            ),
            Err(e) => println!("ERR {e}"),
        }
    }
}
